package org.jwsgi.validate;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code wsgi.input} as the validator hands it to the application: checks how the application
 * reads (wsgiref's {@code InputWrapper}) and what the server's stream gives back.
 *
 * <p>Python's rules on {@code read()} without a size and on {@code readline(size)} exist because
 * a WSGI 1.0 input need not end at the body's end. Java's {@code InputStream} has no
 * {@code readline}; what maps is the reason: without {@code wsgi.input_terminated} a read past
 * {@code CONTENT_LENGTH} may block forever, so that read is the violation. With it (every jwsgi
 * server), reading to end-of-stream, {@code readAllBytes()} included, is fine.
 */
final class CheckedInput extends InputStream {

    private final InputStream in;
    private final CheckedRequest ex;
    private final boolean terminated;
    /** CONTENT_LENGTH, or -1 when absent or empty (the body's length is then unknown). */
    private final long contentLength;
    private long consumed;
    private boolean ended;

    CheckedInput(InputStream in, CheckedRequest ex, boolean terminated, long contentLength) {
        this.in = in;
        this.ex = ex;
        this.terminated = terminated;
        this.contentLength = contentLength;
    }

    @Override
    public int read() throws IOException {
        beforeRead();
        int b = in.read();
        if (b < -1 || b > 255) {
            ex.violation(Rule.INPUT_STREAM, "read() returned " + b + ", not a byte or -1");
        }
        counted(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (b == null || off < 0 || len < 0 || len > b.length - off) {
            ex.violation(Rule.INPUT_ARGUMENTS, "read(" + (b == null ? "null" : "byte[" + b.length + "]") + ", "
                    + off + ", " + len + ")");
        }
        if (len == 0) {
            return in.read(b, off, len);
        }
        beforeRead();
        int n = in.read(b, off, len);
        if (n < -1 || n == 0 || n > len) {
            ex.violation(Rule.INPUT_STREAM, "read(b, off, " + len + ") returned " + n
                    + " (InputStream: at least 1 byte, at most len, or -1)");
        }
        counted(n);
        return n;
    }

    @Override
    public byte[] readNBytes(int len) throws IOException {
        if (len < 0) {
            ex.violation(Rule.INPUT_ARGUMENTS, "readNBytes(" + len + ")");
        }
        return super.readNBytes(len);
    }

    @Override
    public int readNBytes(byte[] b, int off, int len) throws IOException {
        if (b == null || off < 0 || len < 0 || len > b.length - off) {
            ex.violation(Rule.INPUT_ARGUMENTS, "readNBytes(" + (b == null ? "null" : "byte[" + b.length + "]")
                    + ", " + off + ", " + len + ")");
        }
        return super.readNBytes(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        if (n > 0) {
            beforeRead();
        }
        long skipped = in.skip(n);
        if (skipped > 0) {
            counted(skipped);
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    /**
     * wsgiref: "input.close() must not be called". The server's stream is not closed even when
     * the validator only reports: the server still owns it (to drain what is left, say).
     */
    @Override
    public void close() {
        ex.violation(Rule.INPUT_CLOSED, "the application called close() on wsgi.input");
    }

    private void beforeRead() {
        if (!terminated && consumed >= Math.max(contentLength, 0)) {
            ex.violation(Rule.INPUT_PAST_CONTENT_LENGTH, "a read after " + consumed + " bytes, with CONTENT_LENGTH "
                    + (contentLength < 0 ? "absent" : contentLength) + " and no wsgi.input_terminated");
        }
    }

    private void counted(long n) {
        if (n < 0) {
            if (!ended && contentLength >= 0 && consumed < contentLength) {
                ex.violation(Rule.INPUT_STREAM, "wsgi.input ended after " + consumed + " of CONTENT_LENGTH "
                        + contentLength + " bytes without an IOException");
            }
            ended = true;
            return;
        }
        consumed += n;
        if (contentLength >= 0 && consumed > contentLength) {
            ex.violation(Rule.INPUT_STREAM, "wsgi.input gave " + consumed + " bytes, more than CONTENT_LENGTH "
                    + contentLength);
        }
    }
}
