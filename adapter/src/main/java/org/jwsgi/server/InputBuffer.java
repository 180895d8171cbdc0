package org.jwsgi.server;

import java.io.IOException;
import java.io.InputStream;

/**
 * The connection's read buffer: the head parser and the body streams consume from it, and what
 * one request leaves unread (a pipelined request) stays here for the next.
 *
 * <p>With a {@link BufferPool}, a connection waiting for its next request reads into a small
 * array of its own ({@link #shrink()}), which holds a whole typical request head; a head that
 * fills it, or a request with a body, moves to a large pooled array ({@link #enlarge()}), given
 * back when the connection goes idle again. So an idle keep-alive connection holds about a
 * kilobyte, not the large buffer.
 */
final class InputBuffer {

    private final InputStream in;
    private final BufferPool pool;
    private final int hint;
    /** The array used while idle; the only one without a pool. */
    private final byte[] small;
    byte[] buf;
    int pos;
    int limit;
    /** Bounds each socket read while a request body is read ({@link BodyPacer}); null otherwise. */
    private Pacer pacer;

    /** Called around each socket read: sets its timeout, and learns how long it waited. */
    interface Pacer {
        /** Sets the socket's timeout for the read about to start; returns {@link System#nanoTime()}. */
        long beforeRead() throws IOException;

        /** The read begun at {@code startedAt} returned {@code n}. */
        void afterRead(long startedAt, int n);
    }

    /** A buffer of a fixed {@code size}, never pooled. */
    InputBuffer(InputStream in, int size) {
        this.in = in;
        this.pool = null;
        this.hint = 0;
        this.small = new byte[size];
        this.buf = small;
    }

    /**
     * A buffer that reads into {@code idleSize} bytes of its own and borrows large arrays from
     * {@code pool} for big heads and bodies.
     *
     * @param hint where this connection starts looking in the pool
     */
    InputBuffer(InputStream in, BufferPool pool, int idleSize, int hint) {
        this.in = in;
        this.pool = pool;
        this.hint = hint;
        this.small = new byte[Math.min(idleSize, pool.bufferSize())];
        this.buf = small;
    }

    /** Moves what is buffered to a large pooled array, if not there already (a body is coming). */
    void enlarge() {
        if (pool != null && buf == small) {
            byte[] large = pool.acquire(hint);
            int n = limit - pos;
            System.arraycopy(small, pos, large, 0, n);
            buf = large;
            pos = 0;
            limit = n;
        }
    }

    /**
     * Gives the large array back to the pool if nothing is buffered in it: the connection is about
     * to wait for its next request. Keeps it while a pipelined request is buffered.
     */
    void shrink() {
        if (buf != small && pos == limit) {
            byte[] large = buf;
            buf = small;
            pos = 0;
            limit = 0;
            pool.release(large, hint);
        }
    }

    /** Gives the large array back for good: the connection has ended. */
    void release() {
        if (buf != small) {
            byte[] large = buf;
            buf = small;
            pos = 0;
            limit = 0;
            pool.release(large, hint);
        }
    }

    int available() {
        return limit - pos;
    }

    /** Paces the socket reads from now on ({@code null}: no longer). */
    void pace(Pacer p) {
        this.pacer = p;
    }

    private int socketRead(byte[] b, int off, int len) throws IOException {
        if (pacer == null) {
            return in.read(b, off, len);
        }
        long start = pacer.beforeRead();
        int n = in.read(b, off, len);
        pacer.afterRead(start, n);
        return n;
    }

    /**
     * Reads more bytes from the socket into the buffer, making room first.
     *
     * @return the number read, or -1 at end of stream
     */
    int fill() throws IOException {
        // the small array filled up: a long head (or a body) is coming; read the rest in large reads
        boolean outgrown = buf == small && pool != null && limit == small.length;
        if (pos == limit) {
            pos = 0;
            limit = 0;
        }
        if (outgrown) {
            enlarge();
        } else if (limit == buf.length) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int n = socketRead(buf, limit, buf.length - limit);
        if (n > 0) {
            limit += n;
        }
        return n;
    }

    /** Reads into {@code b}: buffered bytes first, else straight from the socket (no double copy). */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int avail = limit - pos;
        if (avail > 0) {
            int n = Math.min(avail, len);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
        if (len >= buf.length) {
            return socketRead(b, off, len);
        }
        int n = fill();
        if (n <= 0) {
            return n;
        }
        return read(b, off, len);
    }

    /** One byte, or -1 at end of stream. */
    int read() throws IOException {
        if (pos == limit && fill() <= 0) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }
}
