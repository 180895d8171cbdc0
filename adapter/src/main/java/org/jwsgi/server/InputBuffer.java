package org.jwsgi.server;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The connection's read buffer: the head parser and the body streams consume from it, and what
 * one request leaves unread (a pipelined request) stays here for the next.
 *
 * <p>Two ways to fill it: {@link #fillNow()} takes what has arrived without waiting (a loop thread
 * reading a request head); {@link #fill()} waits for the client, for at most the read timeout and
 * never past the {@link #deadline} (a body being read).
 *
 * <p>With a {@link BufferPool}, a connection waiting for its next request reads into a small
 * array of its own ({@link #shrink()}), which holds a whole typical request head; a head that
 * fills it, or a request with a body, moves to a large pooled array ({@link #enlarge()}), given
 * back when the connection goes idle again. So an idle keep-alive connection holds about a
 * kilobyte, not the large buffer.
 */
final class InputBuffer {

    private final Transport in;
    private final BufferPool pool;
    private final int hint;
    /** The array used while idle; the only one without a pool. */
    private final byte[] small;
    private final ByteBuffer smallView;
    byte[] buf;
    private ByteBuffer view;
    int pos;
    int limit;
    private long timeoutNanos = Long.MAX_VALUE;
    private long deadline = Long.MAX_VALUE;
    /** Bounds each wait while a request body is read ({@link BodyPacer}); null otherwise. */
    private Pacer pacer;

    /** Called around each read that waits: bounds it, and learns how long it waited. */
    interface Pacer {
        /**
         * The time ({@link System#nanoTime()}) the read about to start at {@code now} may wait until.
         *
         * @throws java.net.SocketTimeoutException if no time is left
         */
        long deadline(long now) throws IOException;

        /** The read begun at {@code startedAt} returned {@code n}. */
        void afterRead(long startedAt, int n);
    }

    /** A buffer of a fixed {@code size}, never pooled. */
    InputBuffer(Transport in, int size) {
        this.in = in;
        this.pool = null;
        this.hint = 0;
        this.small = new byte[size];
        this.smallView = ByteBuffer.wrap(small);
        this.buf = small;
        this.view = smallView;
    }

    /**
     * A buffer that reads into {@code idleSize} bytes of its own and borrows large arrays from
     * {@code pool} for big heads and bodies.
     *
     * @param hint where this connection starts looking in the pool
     */
    InputBuffer(Transport in, BufferPool pool, int idleSize, int hint) {
        this.in = in;
        this.pool = pool;
        this.hint = hint;
        this.small = new byte[Math.min(idleSize, pool.bufferSize())];
        this.smallView = ByteBuffer.wrap(small);
        this.buf = small;
        this.view = smallView;
    }

    /** How long {@link #fill()} waits for the client at most (the body's read timeout). */
    void timeout(long nanos) {
        this.timeoutNanos = nanos;
    }

    /** The time ({@link System#nanoTime()}) no wait may pass, whatever the timeout; MAX_VALUE: none. */
    void deadline(long nanoTime) {
        this.deadline = nanoTime;
    }

    /** Paces the reads that wait from now on ({@code null}: no longer; the plain timeout again). */
    void pace(Pacer p) {
        this.pacer = p;
    }

    /** Moves what is buffered to a large pooled array, if not there already (a body is coming). */
    void enlarge() {
        if (pool != null && buf == small) {
            byte[] large = pool.acquire(hint);
            int n = limit - pos;
            System.arraycopy(small, pos, large, 0, n);
            buf = large;
            view = ByteBuffer.wrap(large);
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
            release();
        }
    }

    /** Gives the large array back for good: the connection has ended. */
    void release() {
        if (buf != small) {
            byte[] large = buf;
            buf = small;
            view = smallView;
            pos = 0;
            limit = 0;
            pool.release(large, hint);
        }
    }

    int available() {
        return limit - pos;
    }

    /**
     * Reads what has arrived, without waiting, making room first.
     *
     * @return the number read, 0 if nothing has arrived, -1 at end of stream
     */
    int fillNow() throws IOException {
        room();
        int n = in.readNow(view.limit(buf.length).position(limit));
        if (n > 0) {
            limit += n;
        }
        return n;
    }

    /**
     * Reads more bytes from the client into the buffer, making room first, waiting for them up to
     * the read timeout (and never past the deadline).
     *
     * @return the number read, or -1 at end of stream
     * @throws java.net.SocketTimeoutException if nothing came in time
     */
    int fill() throws IOException {
        room();
        int n = waitingRead(view.limit(buf.length).position(limit));
        if (n > 0) {
            limit += n;
        }
        return n;
    }

    /** Reads and drops what has arrived, without waiting (a lingering close): bytes dropped, 0 or -1. */
    int discardNow() throws IOException {
        pos = 0;
        limit = 0;
        return in.readNow(view.limit(buf.length).position(0));
    }

    /** A read that waits: until the read timeout and the deadline, or as the {@link Pacer} says. */
    private int waitingRead(ByteBuffer dst) throws IOException {
        Pacer p = pacer;
        if (p == null) {
            return in.read(dst, waitUntil());
        }
        long now = System.nanoTime();
        long until = p.deadline(now);
        int n = in.read(dst, until - deadline > 0 ? deadline : until);
        p.afterRead(now, n);
        return n;
    }

    private long waitUntil() {
        long now = System.nanoTime();
        long until = timeoutNanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + timeoutNanos;
        return until - deadline > 0 ? deadline : until;
    }

    private void room() {
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
    }

    /** Reads into {@code b}, waiting as {@link #fill()}: buffered bytes first, else straight from the client (no double copy). */
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
            return waitingRead(ByteBuffer.wrap(b, off, len));
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
