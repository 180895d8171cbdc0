package org.jwsgi.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.jwsgi.gateway.FileBody;

/**
 * A connection for the exchange benchmarks: its client sends one request {@code count} times, one
 * request per read (as a client that waits for each response, like wrk, is read by the server),
 * then closes; the server's responses are counted and dropped.
 *
 * <p>Unlike {@link MemoryTransport}, it allocates nothing per read or write, so that an
 * allocation profile ({@code -prof gc}) shows the server's allocation only.
 */
final class ReplayTransport implements Transport {

    private final byte[] request;
    private final int count;
    private final InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 50000);
    private final InetSocketAddress local = new InetSocketAddress("127.0.0.1", 8000);
    private int sent;
    private int offset;
    private long responseBytes;
    private boolean closed;

    ReplayTransport(byte[] request, int count) {
        this.request = request;
        this.count = count;
    }

    /** Makes the client start over: {@code count} requests again, nothing written back yet. */
    void rewind() {
        sent = 0;
        offset = 0;
        responseBytes = 0;
        closed = false;
    }

    /** The bytes the server wrote since the last {@link #rewind()}. */
    long responseBytes() {
        return responseBytes;
    }

    /** The client's side: one request per read, as a client that waits for each response is read. */
    private int send(ByteBuffer dst) {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (sent == count) {
            return -1;
        }
        int n = Math.min(dst.remaining(), request.length - offset);
        dst.put(request, offset, n);
        offset += n;
        if (offset == request.length) {
            offset = 0;
            sent++;
        }
        return n;
    }

    @Override
    public int readNow(ByteBuffer dst) {
        return send(dst);
    }

    @Override
    public int read(ByteBuffer dst, long deadline) {
        return send(dst);
    }

    @Override
    public void write(ByteBuffer... srcs) {
        for (ByteBuffer src : srcs) {
            responseBytes += src.remaining();
            src.position(src.limit());
        }
    }

    @Override
    public long transfer(FileBody file, long offset, long count) {
        throw new UnsupportedOperationException("the exchange benchmarks send no files");
    }

    @Override
    public void shutdownOutput() {
        // nothing follows the last response: the client has already sent everything
    }

    @Override
    public boolean stopping() {
        return false;
    }

    @Override
    public void abort() {
        closed = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }
}
