package org.jwsgi.server;

import java.io.IOException;
import java.io.InputStream;

/**
 * The connection's read buffer: the head parser and the body streams consume from it, and what
 * one request leaves unread (a pipelined request) stays here for the next.
 */
final class InputBuffer {

    private final InputStream in;
    final byte[] buf;
    int pos;
    int limit;

    InputBuffer(InputStream in, int size) {
        this.in = in;
        this.buf = new byte[size];
    }

    int available() {
        return limit - pos;
    }

    /**
     * Reads more bytes from the socket into the buffer, making room first.
     *
     * @return the number read, or -1 at end of stream
     */
    int fill() throws IOException {
        if (pos == limit) {
            pos = 0;
            limit = 0;
        } else if (limit == buf.length) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        int n = in.read(buf, limit, buf.length - limit);
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
            return in.read(b, off, len);
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
