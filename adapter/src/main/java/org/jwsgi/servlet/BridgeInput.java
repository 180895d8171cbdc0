package org.jwsgi.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jwsgi.gateway.ErrorPage;

/**
 * {@code wsgi.input} on a servlet container, held to the bundled server's rules:
 * <ul>
 *   <li>{@code maxBodyBytes}, which containers do not have for a body read through
 *       {@code getInputStream()} (Tomcat's {@code maxPostSize} covers forms only): a declared
 *       Content-Length over the limit is answered 413 before the application runs, and a chunked
 *       body that grows past it fails the application's read with {@link TooLarge};</li>
 *   <li>a body the container cannot read (a malformed chunk, a body cut short, a read timeout)
 *       fails the application's read with {@link Unreadable}, whatever exception type the
 *       container used.</li>
 * </ul>
 * If the application lets either escape before anything was sent, the bridge answers 413, 400 or
 * 408 as the bundled server does, not 500: the request was at fault, not the application.
 */
final class BridgeInput {

    private BridgeInput() {
    }

    /** The body could not be read: {@link #status()} is what the bundled server would answer. */
    static final class Unreadable extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String detail;

        Unreadable(Exception cause) {
            super(detail(cause) + ": " + cause, cause);
            this.status = timedOut(cause) ? 408 : 400;
            this.detail = detail(cause);
        }

        int status() {
            return status;
        }

        /** What the client is told: no container class names, as the bundled server says it. */
        String detail() {
            return detail;
        }

        private static String detail(Exception cause) {
            return timedOut(cause) ? "request body not received within the read timeout"
                    : "the request body is malformed or ended early";
        }

        private static boolean timedOut(Throwable t) {
            for (; t != null; t = t.getCause()) {
                if (t instanceof java.net.SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                    return true;
                }
            }
            return false;
        }
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
        sendError(413, "Content-Length " + length + " over maxBodyBytes=" + limit, head, response);
        return true;
    }

    /** The bundled server's error response: status line reason, then the detail, as plain text. */
    static void sendError(int status, String detail, boolean head, HttpServletResponse response) throws IOException {
        String reason = ErrorPage.reason(status);
        byte[] body = (status + " " + reason + "\n" + detail + "\n").getBytes(StandardCharsets.UTF_8);
        reset(response);
        response.setStatus(status);
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

    /**
     * {@code in}, failing with {@link TooLarge} once more than {@code limit} bytes would be read,
     * and with {@link Unreadable} when the container cannot deliver the body.
     */
    static InputStream wrap(InputStream in, long limit) {
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read() throws IOException {
                int b;
                try {
                    b = super.read();
                } catch (IOException | RuntimeException e) {
                    throw new Unreadable(e);
                }
                if (b >= 0) {
                    count(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n;
                try {
                    n = super.read(buf, off, len);
                } catch (IndexOutOfBoundsException e) {
                    throw e; // the caller's mistake, not the body's
                } catch (IOException | RuntimeException e) {
                    throw new Unreadable(e);
                }
                if (n > 0) {
                    count(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped;
                try {
                    skipped = super.skip(n);
                } catch (IOException | RuntimeException e) {
                    throw new Unreadable(e);
                }
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
