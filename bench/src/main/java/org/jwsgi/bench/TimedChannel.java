package org.jwsgi.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * A client connection for bulk transfers: reads and writes go between the socket and direct
 * buffers (no copy into the Java heap, so the client is not the bottleneck of a fast server), and
 * each one is bounded by a timeout, so a stalled server fails the measurement instead of hanging it.
 *
 * <pre>{@code
 * try (TimedChannel ch = TimedChannel.connect(port, Duration.ofSeconds(60))) {
 *     ch.writeFully(request);
 *     int n = ch.read(buffer); // -1 at the end of the stream
 * }
 * }</pre>
 */
final class TimedChannel implements AutoCloseable {

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final long timeoutMillis;

    private TimedChannel(SocketChannel channel, Selector selector, Duration timeout) throws IOException {
        this.channel = channel;
        this.selector = selector;
        this.key = channel.register(selector, 0);
        this.timeoutMillis = timeout.toMillis();
    }

    /** Connects to {@code 127.0.0.1:port} within {@code timeout}, which then bounds each read and write. */
    static TimedChannel connect(int port, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            selector = Selector.open();
            TimedChannel c = new TimedChannel(channel, selector, timeout);
            if (!channel.connect(new InetSocketAddress("127.0.0.1", port))) {
                c.await(SelectionKey.OP_CONNECT, "connect");
                channel.finishConnect();
            }
            return c;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    /** Reads what has arrived, waiting for something if nothing has; -1 at the end of the stream. */
    int read(ByteBuffer dst) throws IOException {
        int n;
        while ((n = channel.read(dst)) == 0 && dst.hasRemaining()) {
            await(SelectionKey.OP_READ, "read");
        }
        return n;
    }

    /** Writes all of {@code src}. */
    void writeFully(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (channel.write(src) == 0) {
                await(SelectionKey.OP_WRITE, "write");
            }
        }
    }

    private void await(int op, String what) throws IOException {
        key.interestOps(op);
        int ready = selector.select(timeoutMillis);
        selector.selectedKeys().clear();
        key.interestOps(0);
        if (ready == 0) {
            throw new SocketTimeoutException(what + " made no progress for " + timeoutMillis + " ms");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            selector.close();
        }
    }
}
