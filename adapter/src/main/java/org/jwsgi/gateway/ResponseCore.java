package org.jwsgi.gateway;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.Status;

/**
 * One response, run the way every jwsgi server runs it: the application is called, its body sent
 * chunk by chunk, its Content-Length honoured exactly, and the body closed exactly once. What
 * differs between servers, putting bytes on the wire, is a {@link Wire}: the bundled server's
 * frames HTTP/1.1 itself; the servlet bridge's calls the servlet API.
 *
 * <p>The rules, for both:
 * <ul>
 *   <li>nothing goes out before the first non-empty chunk (or the end of the body); then the
 *       status and headers, with the body's length when it is known: the application's
 *       Content-Length, else the total of an in-memory ({@link Collection}) body or a
 *       {@link FileBody}'s length;</li>
 *   <li>an in-memory body or a file shorter than the application's Content-Length is refused before
 *       anything is sent (a 500 beats a response cut short);</li>
 *   <li>bytes past the Content-Length are dropped, and the iteration stops there;</li>
 *   <li>HEAD, 1xx, 204 and 304 responses send no body bytes.</li>
 * </ul>
 *
 * <pre>{@code
 * ResponseCore response = new ResponseCore(wire, "HEAD".equals(method));
 * switch (response.run(app, environ, input::failed)) {
 *     case COMPLETE -> keepAliveIfAllowed();
 *     case FAILED -> writeErrorPage(response.errorStatus(), response.errorDetail());
 *     default -> abortConnection();   // SHORT, FAILED_AFTER_COMMIT, CLIENT_GONE
 * }
 * }</pre>
 */
public final class ResponseCore {

    /** How a server puts one response on the wire. The core calls it in order: head, body*, end. */
    public interface Wire {

        /**
         * Sends the status line and headers.
         *
         * @param length the exact body length when known (the application's Content-Length, or
         *     the length of an in-memory body or a file), else -1: the wire chooses the framing
         */
        void head(Status status, List<Header> headers, long length) throws IOException;

        /** Sends body bytes; {@code flush}: now, not when a buffer fills (a streamed chunk). */
        void body(byte[] data, int off, int len, boolean flush) throws IOException;

        /** Sends up to {@code count} bytes of {@code file} from its start; returns how many went out. */
        default long file(FileBody file, long count) throws IOException {
            long sent = 0;
            for (byte[] block : file) {
                int n = (int) Math.min(block.length, count - sent);
                body(block, 0, n, false);
                sent += n;
                if (sent == count) {
                    break;
                }
            }
            return sent;
        }

        /** The body is complete: end the framing and flush. */
        void end() throws IOException;
    }

    /** How {@link #run} ended. */
    public enum Outcome {
        /** The response went out whole ({@link #overflowed()} tells whether bytes were dropped). */
        COMPLETE,
        /** The body ended {@link #missing()} bytes short of its Content-Length: abort the connection. */
        SHORT,
        /** The application failed before anything was sent: answer {@link #errorStatus()}. */
        FAILED,
        /** The application failed after the headers went out: abort the connection. */
        FAILED_AFTER_COMMIT,
        /** Writing to the client failed: it is gone, nothing more can be said to it. */
        CLIENT_GONE
    }

    private final Wire wire;
    private final boolean head;
    private final ResponseStarter starter = new ResponseStarter(data -> write(data, true));
    private boolean committed;
    private boolean bodyGoesOut;
    private boolean finished;
    private boolean overflow;
    private boolean broken;
    /** Bytes the Content-Length still allows; -1 when the length is unknown. */
    private long remaining = -1;
    private int status;
    private long bodyBytes;
    private Throwable failure;
    private int errorStatus;
    private Throwable closeFailure;
    private Header extra;

    /** @param head whether the request is a HEAD: GET's headers, no body */
    public ResponseCore(Wire wire, boolean head) {
        this.wire = wire;
        this.head = head;
    }

    /**
     * Adds {@code header} to the response unless the application sets one of that name (the
     * request id's {@code X-Request-Id}); call before {@link #run}.
     */
    public void addHeaderUnlessSet(Header header) {
        this.extra = header;
    }

    /** The {@code start_response} to hand the application. */
    public StartResponse startResponse() {
        return starter;
    }

    /**
     * Calls {@code app}, sends its response and closes its body exactly once. Never throws: what
     * the application throws, {@code Error}s included, is its {@link #failure()}.
     *
     * @param inputFailed whether {@code wsgi.input} has failed, asked when the application does:
     *     its failure is then the client's fault (see {@link RequestBodyException#statusOf})
     */
    public Outcome run(Application app, Map<String, Object> environ, BooleanSupplier inputFailed) {
        Iterable<byte[]> body = null;
        Outcome outcome;
        try {
            body = app.call(environ, starter);
            if (body == null) {
                throw new NullPointerException("the application returned null instead of a body");
            }
            outcome = send(body) ? Outcome.COMPLETE : Outcome.SHORT;
        } catch (Throwable t) {
            failure = t;
            if (broken) {
                outcome = Outcome.CLIENT_GONE;
            } else if (committed) {
                outcome = Outcome.FAILED_AFTER_COMMIT;
            } else {
                errorStatus = RequestBodyException.statusOf(t, inputFailed.getAsBoolean());
                outcome = Outcome.FAILED;
            }
        }
        close(body);
        return outcome;
    }

    private void close(Iterable<byte[]> body) {
        if (body instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Throwable e) { // an Error from close() must not skip the abort of a cut response
                closeFailure = e;
            }
        }
    }

    /**
     * Sends the whole body: commits the headers on the first non-empty chunk (or at the end),
     * flushes after each chunk unless the body is already in memory, and ends the framing.
     *
     * @return whether the response is complete; if not, the connection must be aborted
     */
    private boolean send(Iterable<byte[]> body) throws IOException {
        // a file after the legacy write() went out without a length: iterate it below
        if (body instanceof FileBody file && (!committed || remaining >= 0 || !bodyGoesOut)) {
            starter.requireStarted();
            if (!committed) {
                starter.requireLengthCovered(file.length(), head);
                commit(file.length());
            }
            if (bodyGoesOut && remaining > 0) {
                long sent;
                try {
                    sent = wire.file(file, remaining);
                } catch (IOException e) {
                    throw broken(e);
                }
                remaining -= sent;
                bodyBytes += sent;
            }
            return finish();
        }
        boolean inMemory = body instanceof Collection<?>;
        long known = inMemory ? totalLength(body) : -1;
        if (inMemory && !committed && starter.started()) {
            starter.requireLengthCovered(known, head);
        }
        if (head && known == 0) {
            known = -1; // an app may leave a HEAD body empty: that says nothing of GET's length
        }
        for (byte[] chunk : body) {
            if (chunk == null) {
                throw new NullPointerException("the application's body yielded a null chunk");
            }
            if (chunk.length == 0) {
                continue;
            }
            starter.requireStarted();
            if (!committed) {
                commit(known);
            }
            if (!bodyGoesOut || overflow) {
                break; // nothing of it goes out: stop asking the application for more
            }
            write(chunk, !inMemory);
        }
        starter.requireStarted();
        if (!committed) {
            commit(known >= 0 ? known : head ? -1 : 0); // every chunk was empty
        }
        return finish();
    }

    /** The legacy write callable and the body loop both end here. */
    private void write(byte[] data, boolean flush) throws IOException {
        if (finished) {
            throw new IllegalStateException("write() after the response was complete");
        }
        if (data.length == 0) {
            return;
        }
        if (!committed) {
            commit(-1);
        }
        if (!bodyGoesOut) {
            return;
        }
        int n = data.length;
        if (remaining >= 0) {
            n = (int) Math.min(n, remaining);
            remaining -= n;
            overflow |= n < data.length;
        }
        if (n > 0) {
            try {
                wire.body(data, 0, n, flush);
            } catch (IOException e) {
                throw broken(e);
            }
            bodyBytes += n;
        }
    }

    private void commit(long knownLength) throws IOException {
        Status st = starter.status();
        if (st.code() < 200) {
            throw new IllegalStateException("status " + st + " is informational; the application must send a final status");
        }
        long appLength = starter.contentLength();
        long length = appLength >= 0 ? appLength : knownLength;
        bodyGoesOut = !head && !st.forbidsBody();
        remaining = bodyGoesOut ? length : -1;
        status = st.code();
        committed = true;
        starter.markCommitted();
        try {
            wire.head(st, withExtra(starter.headers()), length);
        } catch (IOException e) {
            throw broken(e);
        }
    }

    private List<Header> withExtra(List<Header> headers) {
        if (extra == null) {
            return headers;
        }
        for (Header h : headers) {
            if (h.is(extra.name())) {
                return headers;
            }
        }
        List<Header> all = new java.util.ArrayList<>(headers.size() + 1);
        all.addAll(headers);
        all.add(extra);
        return all;
    }

    private boolean finish() throws IOException {
        finished = true;
        if (remaining > 0) {
            return false;
        }
        try {
            wire.end();
        } catch (IOException e) {
            throw broken(e);
        }
        return true;
    }

    private static long totalLength(Iterable<byte[]> body) {
        long total = 0;
        for (byte[] chunk : body) {
            if (chunk == null) {
                throw new NullPointerException("the application's body holds a null chunk");
            }
            total += chunk.length;
        }
        return total;
    }

    /**
     * Marks the response broken (writing to the client failed: it is gone) and returns {@code e};
     * for a server's own writes around the response (a {@code 100 Continue}).
     */
    public IOException broken(IOException e) {
        broken = true;
        return e;
    }

    /** Whether the status and headers have gone out. */
    public boolean committed() {
        return committed;
    }

    /** Whether writing to the client failed. */
    public boolean isBroken() {
        return broken;
    }

    /** The status sent, or 0 before the headers went out. */
    public int status() {
        return status;
    }

    /** The body bytes sent. */
    public long bodyBytes() {
        return bodyBytes;
    }

    /** Whether the application sent more than its Content-Length (the surplus was dropped). */
    public boolean overflowed() {
        return overflow;
    }

    /** The bytes the Content-Length promised but the body did not deliver. */
    public long missing() {
        return Math.max(0, remaining);
    }

    /** What the application (or its body) threw, or null. */
    public Throwable failure() {
        return failure;
    }

    /** For {@link Outcome#FAILED}: the status to answer, 400, 408, 413 or 500. */
    public int errorStatus() {
        return errorStatus;
    }

    /**
     * For {@link Outcome#FAILED}: what the error page tells the client: the body exception's
     * message for a client fault, nothing for a 500 (the cause is for the log alone).
     */
    public String errorDetail() {
        if (errorStatus == 500 || failure == null) {
            return null;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyException || t instanceof java.net.SocketTimeoutException) {
                return t.getMessage();
            }
        }
        return null;
    }

    /** Whether the failure was the client's (a 4xx): nothing for the error log. */
    public boolean clientFault() {
        return errorStatus >= 400 && errorStatus < 500;
    }

    /** What {@code close()} on the body threw, or null. */
    public Throwable closeFailure() {
        return closeFailure;
    }
}
