package org.jwsgi.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code maxBodyBytes} for servlet containers, which have no limit of their own on a body read
 * through {@code getInputStream()} (Tomcat's {@code maxPostSize} covers forms only): a declared
 * Content-Length over the limit is answered 413 before the application runs, and a chunked body
 * that grows past it fails the application's read with {@link TooLarge}, which the bridge turns
 * into a 413 while nothing has been sent. Same rule and wording as the bundled server.
 */
final class BodyLimit {

    private BodyLimit() {
    }

    /** The read that would take the body past the limit. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("request body longer than maxBodyBytes=" + limit);
        }
    }

    /** Answers 413 and returns true when {@code length} is declared over {@code limit}. */
    static boolean refuse(long length, long limit, boolean head, HttpServletResponse response) throws IOException {
        if (length <= limit) {
            return false;
        }
        send413("Content-Length " + length + " over maxBodyBytes=" + limit, head, response);
        return true;
    }

    static void send413(String detail, boolean head, HttpServletResponse response) throws IOException {
        byte[] body = ("413 Content Too Large\n" + detail + "\n").getBytes(StandardCharsets.UTF_8);
        reset(response);
        response.setStatus(413);
        response.setHeader("Connection", "close"); // the unread body makes the connection useless
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
        response.flushBuffer();
    }

    /**
     * {@code response.reset()}, keeping the {@code Server} header the backend put there before the
     * application ran (Jetty's reset would drop it, unlike the bundled server's error responses).
     */
    static void reset(HttpServletResponse response) {
        String server = response.getHeader("Server");
        response.reset();
        if (server != null) {
            response.setHeader("Server", server);
        }
    }

    /** {@code in}, failing with {@link TooLarge} once more than {@code limit} bytes would be read. */
    static InputStream limit(InputStream in, long limit) {
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                count(skipped);
                return skipped;
            }

            private void count(long n) throws TooLarge {
                read += n;
                if (read > limit) {
                    throw new TooLarge(limit);
                }
            }
        };
    }
}
