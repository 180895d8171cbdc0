package org.jwsgi.server;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;

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
    private final Client client = new Client();
    private final Sink sink = new Sink();
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

    private final class Client extends InputStream {

        @Override
        public int read() {
            if (sent == count) {
                return -1;
            }
            int b = request[offset] & 0xFF;
            advance(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (sent == count) {
                return -1;
            }
            int n = Math.min(len, request.length - offset);
            System.arraycopy(request, offset, b, off, n);
            advance(n);
            return n;
        }

        private void advance(int n) {
            offset += n;
            if (offset == request.length) {
                offset = 0;
                sent++;
            }
        }
    }

    private final class Sink implements GatheringByteChannel {

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            responseBytes += n;
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public boolean isOpen() {
            return !closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Override
    public InputStream input() {
        return client;
    }

    @Override
    public WritableByteChannel output() {
        return sink;
    }

    @Override
    public void readTimeout(int millis) {
        // bytes in memory never keep a reader waiting
    }

    @Override
    public boolean idle(boolean idle) {
        return !closed;
    }

    @Override
    public boolean resumeWhenReadable(java.time.Duration timeout) {
        return false; // the replayed requests are all there: nothing to wait for
    }

    @Override
    public void writing(boolean writing) {
        // writes to memory never block
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
