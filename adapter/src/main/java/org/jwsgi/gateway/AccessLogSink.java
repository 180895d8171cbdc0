package org.jwsgi.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where the lines of an {@link AccessLog} go. Its writer thread alone calls {@link #write}, with
 * the lines of many requests at once, so a sink can write them in one go; {@link #close} comes
 * once, after the last batch. A rotating file is a sink too: it decides in {@code write} when to
 * start a new file.
 *
 * <pre>{@code
 * AccessLogSink toStderr = AccessLogSink.stream(System.err);   // what the CLI uses
 * AccessLogSink toLogger = AccessLogSink.logger();              // System.Logger org.jwsgi.access
 * }</pre>
 */
public interface AccessLogSink extends AutoCloseable {

    /** Writes {@code lines} (each without its line end), in order. */
    void write(List<String> lines) throws IOException;

    /** The writer has written its last batch. */
    @Override
    default void close() throws IOException {
    }

    /**
     * {@code System.Logger} {@code org.jwsgi.access} at INFO, a record per line: the library's
     * default, so the lines go wherever the application's logging goes.
     */
    static AccessLogSink logger() {
        System.Logger log = System.getLogger("org.jwsgi.access");
        return new AccessLogSink() {
            @Override
            public void write(List<String> lines) {
                if (log.isLoggable(System.Logger.Level.INFO)) {
                    for (String line : lines) {
                        log.log(System.Logger.Level.INFO, line);
                    }
                }
            }

            @Override
            public String toString() {
                return "System.Logger org.jwsgi.access";
            }
        };
    }

    /**
     * Lines each ending in {@code \n}, a byte per character (ISO-8859-1: a request's target and
     * headers are native strings, a char per byte received, so the bytes the client sent are
     * written back; a character above U+00FF, which no request carries, becomes {@code ?}), written
     * to {@code out} in one write and flushed per batch. {@code out} is flushed at {@link #close()},
     * not closed (it may be {@code System.err}).
     */
    static AccessLogSink stream(OutputStream out) {
        Objects.requireNonNull(out, "out");
        return new AccessLogSink() {
            private byte[] buf = new byte[64 * 1024];

            @Override
            public void write(List<String> lines) throws IOException {
                int n = 0;
                for (String line : lines) {
                    int len = line.length();
                    if (buf.length - n < len + 1) {
                        if (n > 0) {
                            out.write(buf, 0, n);
                            n = 0;
                        }
                        if (buf.length < len + 1) {
                            buf = Arrays.copyOf(buf, len + 1);
                        }
                    }
                    // a line of latin-1 characters (every CLF line) is copied as it is stored: one
                    // array copy, not a character at a time; anything above U+00FF becomes '?'
                    System.arraycopy(line.getBytes(StandardCharsets.ISO_8859_1), 0, buf, n, len);
                    n += len;
                    buf[n++] = '\n';
                }
                out.write(buf, 0, n);
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }

            @Override
            public String toString() {
                return "stream " + out;
            }
        };
    }
}
