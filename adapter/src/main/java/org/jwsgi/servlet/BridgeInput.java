package org.jwsgi.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jwsgi.gateway.Durations;
import org.jwsgi.gateway.ErrorPage;
import org.jwsgi.gateway.RequestBodyException;
import org.jwsgi.gateway.RequestIds;

/**
 * {@code wsgi.input} on a servlet container, held to the bundled server's rules:
 * <ul>
 *   <li>{@code maxBodyBytes}, which containers do not have for a body read through
 *       {@code getInputStream()} (Tomcat's {@code maxPostSize} covers forms only): a declared
 *       Content-Length over the limit is answered 413 before the application runs ({@link #refuse}),
 *       and a chunked body that grows past it fails the application's read with
 *       {@link RequestBodyException#tooLarge};</li>
 *   <li>a body the container cannot read (a malformed chunk, a body cut short) fails the
 *       application's read with {@link RequestBodyException#unreadable}, and a read timeout with a
 *       {@link SocketTimeoutException}, whatever exception type the container used.</li>
 * </ul>
 * If the application lets either escape before anything was sent, the bridge answers 413, 400 or
 * 408 as the bundled server does, not 500: the request was at fault, not the application.
 */
final class BridgeInput extends FilterInputStream {

    private final long limit;
    /** bodyReadTimeout in nanoseconds: how far the body may fall behind minBodyRate. */
    private final long slack;
    private final int minBodyRate;
    private final String rateText;
    private long read;
    /** Time spent inside the container's reads, waiting for the client. */
    private long waited;
    private boolean failed;

    private BridgeInput(InputStream in, long limit, Duration bodyReadTimeout, int minBodyRate) {
        super(in);
        this.limit = limit;
        this.slack = bodyReadTimeout == null ? Long.MAX_VALUE : bodyReadTimeout.toNanos();
        this.minBodyRate = bodyReadTimeout == null ? 0 : minBodyRate;
        this.rateText = bodyReadTimeout == null ? null : "request body slower than minBodyRate=" + minBodyRate
                + " bytes/s (with bodyReadTimeout=" + Durations.text(bodyReadTimeout) + " to spare)";
    }

    /** {@code in}, read under {@code limit} and the bundled server's failure types. */
    static BridgeInput wrap(InputStream in, long limit) {
        return new BridgeInput(in, limit, null, 0);
    }

    /**
     * {@code in}, read under {@code limit}, the bundled server's failure types, and
     * {@code minBodyRate}: once the time spent waiting in reads exceeds {@code bodyReadTimeout} plus
     * what the rate allows for the bytes that came, the next read fails with a timeout. The
     * container bounds each read itself (its idle or upload timeout), so a trickling client is
     * dropped at most one such timeout after the rate's deadline.
     */
    static BridgeInput wrap(InputStream in, long limit, Duration bodyReadTimeout, int minBodyRate) {
        return new BridgeInput(in, limit, bodyReadTimeout, minBodyRate);
    }

    /** The body bytes read so far. */
    long bytesRead() {
        return read;
    }

    /** Whether a read failed: what escapes the application is then the client's fault. */
    boolean failed() {
        return failed;
    }

    /** Answers 413 and returns true when {@code length} is declared over {@code limit}. */
    static boolean refuse(long length, long limit, boolean head, HttpServletResponse response) throws IOException {
        if (length <= limit) {
            return false;
        }
        sendError(413, "Content-Length " + length + " over maxBodyBytes=" + limit, head, response, null);
        return true;
    }

    /**
     * {@link ErrorPage} through the servlet API, closing the connection (the unread body makes it
     * useless); with the request's id when it has one.
     */
    static void sendError(int status, String detail, boolean head, HttpServletResponse response, String requestId)
            throws IOException {
        byte[] body = ErrorPage.body(status, detail);
        reset(response);
        response.setStatus(status);
        if (requestId != null) {
            response.setHeader(RequestIds.HEADER, requestId);
        }
        if (status != 500) {
            response.setHeader("Connection", "close");
        }
        response.setContentType(ErrorPage.CONTENT_TYPE);
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
        response.flushBuffer();
    }

    /**
     * {@code response.reset()}, keeping the {@code Server} header the backend put there before the
     * application ran (Jetty's reset would drop it, unlike the bundled server's error responses),
     * and a {@code Connection: close} it put there because it is stopping.
     */
    static void reset(HttpServletResponse response) {
        String server = response.getHeader("Server");
        String connection = response.getHeader("Connection");
        response.reset();
        if (server != null) {
            response.setHeader("Server", server);
        }
        if ("close".equals(connection)) {
            response.setHeader("Connection", connection);
        }
    }

    @Override
    public int read() throws IOException {
        int b;
        long start = paced();
        try {
            b = super.read();
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
        waited(start);
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n;
        long start = paced();
        try {
            n = super.read(buf, off, len);
        } catch (IndexOutOfBoundsException e) {
            throw e; // the caller's mistake, not the body's
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
        waited(start);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped;
        long start = paced();
        try {
            skipped = super.skip(n);
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
        waited(start);
        count(skipped);
        return skipped;
    }

    /** Fails the read about to start if the body is already behind minBodyRate; returns when it starts. */
    private long paced() throws SocketTimeoutException {
        behind();
        return minBodyRate > 0 ? System.nanoTime() : 0;
    }

    private void waited(long start) throws SocketTimeoutException {
        if (minBodyRate > 0) {
            waited += System.nanoTime() - start;
        }
    }

    /** Throws once the waits, in all, exceed bodyReadTimeout plus what minBodyRate allows for the bytes read. */
    private void behind() throws SocketTimeoutException {
        if (minBodyRate > 0 && waited > slack + read * 1e9 / minBodyRate) {
            failed = true;
            throw new SocketTimeoutException(rateText);
        }
    }

    private void count(long n) throws IOException {
        read += n;
        if (read > limit) {
            failed = true;
            throw RequestBodyException.tooLarge(limit);
        }
    }

    /** The container's failure in the bundled server's terms: a timeout, or an unreadable body. */
    private IOException failure(Exception e) {
        failed = true;
        if (e instanceof RequestBodyException r) {
            return r;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
                SocketTimeoutException timeout = new SocketTimeoutException(
                        "request body not received within the read timeout");
                timeout.initCause(e);
                return timeout;
            }
        }
        return RequestBodyException.unreadable(e);
    }
}
