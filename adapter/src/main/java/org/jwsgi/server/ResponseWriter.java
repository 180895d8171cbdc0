package org.jwsgi.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jwsgi.gateway.FileBody;

/**
 * The connection's write buffer. Status line, headers and a small body leave in one write (no
 * delayed-ACK stall); large chunks go straight to the socket after what is buffered.
 *
 * <p>With a {@link BufferPool}, the array is borrowed at a response's first byte and given back
 * by {@link #release()} once the connection waits for its next request, so an idle keep-alive
 * connection holds none.
 */
final class ResponseWriter {

    private final Transport channel;
    private final BufferPool pool;
    private final int hint;
    private byte[] buf;
    private ByteBuffer view;
    /** {@code {view}} and {@code {view, chunk}}, reused so that a write allocates no array. */
    private final ByteBuffer[] one = new ByteBuffer[1];
    private final ByteBuffer[] two = new ByteBuffer[2];
    private int count;

    /** A writer with a fixed buffer of {@code size} bytes. */
    ResponseWriter(Transport channel, int size) {
        this.channel = channel;
        this.pool = null;
        this.hint = 0;
        this.buf = new byte[size];
        this.view = ByteBuffer.wrap(buf);
    }

    /** A writer whose buffer is borrowed from {@code pool} while a response is written. */
    ResponseWriter(Transport channel, BufferPool pool, int hint) {
        this.channel = channel;
        this.pool = pool;
        this.hint = hint;
    }

    /** Gives the buffer back to the pool; only once everything written has been flushed. */
    void release() {
        if (pool != null && buf != null && count == 0) {
            pool.release(buf, hint);
            buf = null;
            view = null;
        }
    }

    private void borrow() {
        if (buf == null) {
            buf = pool.acquire(hint);
            view = ByteBuffer.wrap(buf);
        }
    }

    /** Appends {@code s}, whose chars are all at most U+00FF, as ISO-8859-1 bytes. */
    void latin1(String s) throws IOException {
        borrow();
        int n = s.length();
        if (n > buf.length - count) {
            flush();
            if (n > buf.length) {
                write(s.getBytes(StandardCharsets.ISO_8859_1), 0, n);
                return;
            }
        }
        for (int i = 0; i < n; i++) {
            buf[count + i] = (byte) s.charAt(i);
        }
        count += n;
    }

    void write(byte[] b, int off, int len) throws IOException {
        borrow();
        if (len <= buf.length - count) {
            System.arraycopy(b, off, buf, count, len);
            count += len;
            return;
        }
        ByteBuffer chunk = ByteBuffer.wrap(b, off, len);
        if (count > 0) {
            // one write call: what is buffered, then the chunk without copying it
            view.limit(count).position(0);
            count = 0;
            two[0] = view;
            two[1] = chunk;
            try {
                channel.write(two);
            } finally {
                two[1] = null;
            }
        } else {
            one[0] = chunk;
            try {
                channel.write(one);
            } finally {
                one[0] = null;
            }
        }
    }

    void flush() throws IOException {
        if (count > 0) {
            view.limit(count).position(0);
            count = 0;
            one[0] = view;
            channel.write(one);
        }
    }

    /** Sends {@code count} bytes of {@code file} after what is buffered; returns the bytes sent. */
    long transfer(FileBody file, long count) throws IOException {
        flush();
        return channel.transfer(file, 0, count);
    }
}
