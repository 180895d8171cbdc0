package org.jwsgi.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
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

    private static final long TRANSFER_SLICE = 512 * 1024;

    private final WritableByteChannel channel;
    private final Transport watch;
    private final BufferPool pool;
    private final int hint;
    private byte[] buf;
    private ByteBuffer view;
    private int count;

    /**
     * A writer with a fixed buffer of {@code size} bytes.
     *
     * @param watch told when a write to the socket begins and ends (the write timeout)
     */
    ResponseWriter(WritableByteChannel channel, Transport watch, int size) {
        this.channel = channel;
        this.watch = watch;
        this.pool = null;
        this.hint = 0;
        this.buf = new byte[size];
        this.view = ByteBuffer.wrap(buf);
    }

    /** A writer whose buffer is borrowed from {@code pool} while a response is written. */
    ResponseWriter(WritableByteChannel channel, Transport watch, BufferPool pool, int hint) {
        this.channel = channel;
        this.watch = watch;
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
        watch.writing(true);
        try {
            if (count > 0 && channel instanceof GatheringByteChannel gathering) {
                // one write call: what is buffered, then the chunk without copying it
                view.limit(count).position(0);
                ByteBuffer[] both = {view, chunk};
                while (chunk.hasRemaining()) {
                    gathering.write(both);
                }
                count = 0;
                return;
            }
            drain();
            while (chunk.hasRemaining()) {
                channel.write(chunk);
            }
        } finally {
            watch.writing(false);
        }
    }

    void flush() throws IOException {
        if (count > 0) {
            watch.writing(true);
            try {
                drain();
            } finally {
                watch.writing(false);
            }
        }
    }

    private void drain() throws IOException {
        if (count > 0) {
            view.limit(count).position(0);
            while (view.hasRemaining()) {
                channel.write(view);
            }
            count = 0;
        }
    }

    /** Sends {@code count} bytes of {@code file} after what is buffered; returns the bytes sent. */
    long transfer(FileBody file, long count) throws IOException {
        flush();
        long sent = 0;
        while (sent < count) {
            // in slices, so the write timeout bounds a stall, not a whole (long) download
            long slice = Math.min(TRANSFER_SLICE, count - sent);
            long n;
            watch.writing(true);
            try {
                n = file.transferTo(channel, sent, slice);
            } finally {
                watch.writing(false);
            }
            sent += n;
            if (n < slice) {
                break; // the file shrank
            }
        }
        return sent;
    }
}
