package org.jwsgi.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;

/**
 * What the HTTP layer needs of a connection. A socket ({@link #of(Connection)}) in the server;
 * plain bytes in and out ({@link MemoryTransport}) in tests, so they need no socket.
 */
interface Transport {

    InputStream input() throws IOException;

    WritableByteChannel output();

    /** Bounds the next reads of {@link #input()}; a read that waits longer throws SocketTimeoutException. */
    void readTimeout(int millis) throws IOException;

    /** See {@link Connection#idle(boolean)}. */
    boolean idle(boolean idle);

    /** See {@link Connection#resumeWhenReadable(Duration)}; false where connections cannot be parked. */
    boolean resumeWhenReadable(Duration timeout);

    /** See {@link Connection#writing(boolean)}. */
    void writing(boolean writing);

    /** Sends FIN after what was written; reading stays possible. */
    void shutdownOutput() throws IOException;

    boolean stopping();

    /** Ends the connection so the client sees an error, not a clean end. */
    void abort();

    void close();

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /** The connection's id (see {@link Connection#id()}); 0 where there is no socket. */
    default long id() {
        return 0;
    }

    /**
     * @param platformThreads whether the connection runs on platform threads, whose timed socket
     *     reads are costly: see {@link ReadyFirstInput}
     */
    static Transport of(Connection c, boolean platformThreads) {
        return new Transport() {
            @Override
            public InputStream input() throws IOException {
                return platformThreads ? new ReadyFirstInput(c.socket()) : c.socket().getInputStream();
            }

            @Override
            public WritableByteChannel output() {
                return c.channel();
            }

            @Override
            public void readTimeout(int millis) throws IOException {
                c.socket().setSoTimeout(millis);
            }

            @Override
            public boolean idle(boolean idle) {
                return c.idle(idle);
            }

            @Override
            public boolean resumeWhenReadable(Duration timeout) {
                return c.resumeWhenReadable(timeout);
            }

            @Override
            public void writing(boolean writing) {
                c.writing(writing);
            }

            @Override
            public void shutdownOutput() throws IOException {
                c.shutdownOutput();
            }

            @Override
            public boolean stopping() {
                return c.stopping();
            }

            @Override
            public void abort() {
                c.abort();
            }

            @Override
            public void close() {
                c.close();
            }

            @Override
            public InetSocketAddress remoteAddress() {
                return c.remoteAddress();
            }

            @Override
            public InetSocketAddress localAddress() {
                return c.localAddress();
            }

            @Override
            public long id() {
                return c.id();
            }

            @Override
            public String toString() {
                return c.toString();
            }
        };
    }
}
