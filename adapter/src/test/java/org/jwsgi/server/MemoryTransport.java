package org.jwsgi.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import org.jwsgi.Application;
import org.jwsgi.gateway.FileBody;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.server.ConnectionHandler.Session;
import org.jwsgi.server.ConnectionHandler.Step;

/**
 * A connection made of bytes: the client's whole side comes from a stream (each read returns what
 * one read of the stream gives), the response bytes are collected. {@link #exchange} runs the HTTP
 * layer over it, no socket involved: the harness of the parser, framing and environ tests
 * (wsgiref's tests work the same way).
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
        this(new ByteArrayInputStream(request));
    }

    MemoryTransport(InputStream in) {
        this.in = in;
    }

    /** Serves {@code request} (one or several pipelined requests) and returns everything written back. */
    static MemoryTransport exchange(Application app, ServerOptions options, byte[] request) throws IOException {
        MemoryTransport t = new MemoryTransport(request);
        serve(new HttpConnection(app, options, t, BufferPool.forServer(HttpConnection.BUFFER_BYTES)), t);
        return t;
    }

    /**
     * Does what the socket layer does, on this thread, until the session says CLOSE: all the input
     * is there, so every wait is answered at once (by more bytes, or the end of the stream).
     */
    static void serve(Session session, Transport transport) throws IOException {
        try {
            Step step = session.readable();
            while (step != Step.CLOSE) {
                step = step == Step.RUN || step == Step.RUN_BLOCKING ? session.run() : session.readable();
            }
        } finally {
            transport.close();
        }
    }

    byte[] response() {
        return out.toByteArray();
    }

    /** Whether the server cut the connection (a truncated response). */
    boolean aborted() {
        return aborted;
    }

    /** Whether the server half-closed before closing (a lingering close). */
    boolean outputShut() {
        return outputShut;
    }

    @Override
    public int readNow(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        if (n > 0) {
            dst.position(dst.position() + n);
        }
        return n;
    }

    @Override
    public int read(ByteBuffer dst, long deadline) throws IOException {
        return readNow(dst);
    }

    @Override
    public void write(ByteBuffer... srcs) {
        for (ByteBuffer src : srcs) {
            int n = src.remaining();
            byte[] b = new byte[n];
            src.get(b);
            out.write(b, 0, n);
        }
    }

    @Override
    public long transfer(FileBody file, long offset, long count) throws IOException {
        return file.transferTo(Channels.newChannel(out), offset, count);
    }

    @Override
    public void shutdownOutput() {
        outputShut = true;
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
