package org.jwsgi.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import org.jwsgi.gateway.FileBody;

/**
 * Bytes in and out of one connection: all the HTTP layer ({@link HttpConnection}) knows of it.
 * The socket itself ({@link Connection}) is one; a TLS layer is another, over a {@code Connection}
 * (it unwraps in {@link #readNow} and {@link #read}, wraps in {@link #write}, and reports what it
 * has decrypted but not yet handed up in {@link #buffered()}); bytes in memory are a third, in tests.
 *
 * <p>Reads come in two kinds: {@link #readNow} never waits, and is what a loop thread calls when the
 * selector says the socket is readable; {@link #read} waits, and is what a request's body reads
 * call. Writes always complete (or fail): a full socket makes the writer wait, for at most
 * {@code writeTimeout} without progress.
 *
 * <pre>{@code
 * int n = transport.readNow(buffer);          // 0: nothing yet, wait for the selector
 * if (n == 0 && transport.buffered() == 0) return Step.IDLE;
 * }</pre>
 */
interface Transport {

    /**
     * Reads what has arrived into {@code dst}, without waiting.
     *
     * @return the bytes read, 0 if none are there yet, -1 at the end of the stream
     */
    int readNow(ByteBuffer dst) throws IOException;

    /**
     * Reads at least one byte into {@code dst} (which has room), waiting for the client until
     * {@code deadline} ({@link System#nanoTime()}).
     *
     * @return the bytes read, or -1 at the end of the stream
     * @throws java.net.SocketTimeoutException if nothing arrived by the deadline
     */
    int read(ByteBuffer dst, long deadline) throws IOException;

    /**
     * Writes all of {@code srcs} in order, waiting while the client does not read; a wait longer
     * than {@code writeTimeout} without progress aborts the connection and throws.
     */
    void write(ByteBuffer... srcs) throws IOException;

    /**
     * Sends {@code count} bytes of {@code file} from {@code offset}, zero-copy where the transport
     * can, waiting as {@link #write} does.
     *
     * @return the bytes sent: fewer than {@code count} only if the file ended sooner (it shrank)
     */
    long transfer(FileBody file, long offset, long count) throws IOException;

    /**
     * Bytes this transport holds that {@link #readNow} will return although the socket may have
     * nothing more (a TLS record decrypted beyond what was asked): the HTTP layer waits for the
     * selector only when this is 0 too.
     */
    default int buffered() {
        return 0;
    }

    /** Whether the connection is TLS: the environ's scheme is then {@code https}, its default port 443. */
    default boolean secure() {
        return false;
    }

    /** Adds what this connection tells each request's environ (TLS: {@code HTTPS}, {@code SSL_*}); plain: nothing. */
    default void addTo(Map<String, Object> environ) {
    }

    /** Sends FIN after what was written; reading stays possible. */
    void shutdownOutput() throws IOException;

    /** Closes the connection; a read or write waiting on it fails at once. Idempotent. */
    void close();

    /** Ends the connection so the client sees an error (a TCP reset), not a clean end. */
    void abort();

    /** Whether the server has begun to stop: the HTTP layer answers the current request, then closes. */
    boolean stopping();

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /** The connection's id (see {@link Connection#id()}); 0 where there is no socket. */
    default long id() {
        return 0;
    }
}
