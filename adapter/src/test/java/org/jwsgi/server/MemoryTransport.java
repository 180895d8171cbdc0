package org.jwsgi.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import org.jwsgi.Application;
import org.jwsgi.options.ServerOptions;

/**
 * A connection made of bytes: the request bytes are the client's whole side, the response bytes
 * are collected. {@link #exchange} runs the HTTP layer over it, no socket involved: the harness
 * of the parser, framing and environ tests (wsgiref's tests work the same way).
 */
final class MemoryTransport implements Transport {

    private final InputStream in;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 50000);
    private final InetSocketAddress local = new InetSocketAddress("127.0.0.1", 8000);
    private boolean aborted;
    private boolean closed;
    private boolean outputShut;

    MemoryTransport(byte[] request) {
        this.in = new ByteArrayInputStream(request);
    }

    /** Serves {@code request} (one or several pipelined requests) and returns everything written back. */
    static MemoryTransport exchange(Application app, ServerOptions options, byte[] request) throws IOException {
        MemoryTransport t = new MemoryTransport(request);
        new HttpConnection(app, options, t, BufferPool.forServer(HttpConnection.BUFFER_BYTES)).serve();
        return t;
    }

    byte[] response() {
        return out.toByteArray();
    }

    /** Whether the server cut the connection (a truncated response). */
    boolean aborted() {
        return aborted;
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public WritableByteChannel output() {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) {
                int n = src.remaining();
                byte[] b = new byte[n];
                src.get(b);
                out.write(b, 0, n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return !closed;
            }

            @Override
            public void close() {
                closed = true;
            }
        };
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
    public boolean resumeWhenReadable(Duration timeout) {
        return false; // all the input is here: nothing to wait for
    }

    @Override
    public void writing(boolean writing) {
        // writes to memory never block
    }

    @Override
    public void shutdownOutput() {
        outputShut = true;
    }

    /** Whether the server half-closed before closing (a lingering close). */
    boolean outputShut() {
        return outputShut;
    }

    @Override
    public boolean stopping() {
        return false;
    }

    @Override
    public void abort() {
        aborted = true;
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

    @Override
    public String toString() {
        return "memory connection";
    }
}
