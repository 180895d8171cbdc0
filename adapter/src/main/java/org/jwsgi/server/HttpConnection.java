package org.jwsgi.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.gateway.Durations;
import org.jwsgi.gateway.LineWriter;
import org.jwsgi.gateway.RequestEvent;
import org.jwsgi.gateway.RequestIds;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.gateway.ResponseCore;
import org.jwsgi.gateway.ServerEndpoints;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;

/**
 * The HTTP/1.1 side of one connection: reads request heads (with the header and keep-alive
 * timeouts), refuses malformed ones with their status and closes, runs the application for the
 * others and answers them in order, keep-alive and pipelining included.
 *
 * <p>How a connection ends: the client closes or stays idle (the server closes too); the server
 * decides to close after a complete response (a lingering close: FIN, then what the client still
 * sends is read and dropped for up to {@code lingerTimeout}, so a TCP reset cannot destroy the
 * response in flight); or a response is cut short (an abort: a reset, so it never looks complete).
 */
final class HttpConnection {

    private static final System.Logger LOG = System.getLogger(WsgiServer.class.getName());
    private static final System.Logger ERRORS = System.getLogger("org.jwsgi.errors");
    /** The environ key of an incoming X-Request-Id. */
    private static final String REQUEST_ID_KEY = "HTTP_X_REQUEST_ID";

    /** The read buffer of a connection waiting for a request: a typical request head fits. */
    static final int IDLE_BUFFER_BYTES = 1024;
    /** The size of the pooled read and write buffers. */
    static final int BUFFER_BYTES = 16 * 1024;

    /**
     * How long a keep-alive connection waits for its next request on its thread before it is
     * parked without one ({@link Transport#resumeWhenReadable}): a busy client's next request
     * usually comes sooner and is read at once; an idle one stops holding a thread (and its stack).
     */
    static final Duration PARK_AFTER = Duration.ofMillis(100);

    /** What waiting for a request came to. */
    private enum Await { READY, CLOSE, PARKED }

    /** What happens to the connection after a request was answered. */
    private enum Next { KEEP, CLOSE, ABORT }

    private final Application app;
    private final ServerOptions options;
    private final Transport connection;
    private final boolean multithread;
    private final InputBuffer in;
    private final ResponseWriter out;
    private final RequestParser parser;
    private final EnvironFactory environs;
    private final ServerWatch watch;
    /** wsgi.errors: logger {@code org.jwsgi.errors}, level WARNING, a line at a time. */
    private final PrintWriter errors = new PrintWriter(new LineWriter(line -> ERRORS.log(Level.WARNING, line)), true);
    private final long openedAt = System.nanoTime();
    /** Whether a request head has been read on this connection (the first one has headerReadTimeout). */
    private boolean firstHeadRead;
    /** Whether the connection was parked and is back because its client sent bytes (or closed). */
    private boolean resumed;

    /**
     * @param buffers the large I/O buffers, borrowed while a request is served: an idle keep-alive
     *     connection holds only an {@value #IDLE_BUFFER_BYTES}-byte read buffer
     */
    HttpConnection(Application app, ServerOptions options, Transport connection, BufferPool buffers)
            throws IOException {
        this(app, options, connection, buffers, new ServerWatch(options));
    }

    /** @param watch the server's access log, listeners and counts */
    HttpConnection(Application app, ServerOptions options, Transport connection, BufferPool buffers,
            ServerWatch watch) throws IOException {
        this.watch = watch;
        this.app = app;
        this.options = options;
        this.connection = connection;
        this.multithread = options.threading() != Threading.SINGLE;
        int hint = ThreadLocalRandom.current().nextInt();
        this.in = new InputBuffer(connection.input(), buffers, IDLE_BUFFER_BYTES, hint);
        this.out = new ResponseWriter(connection.output(), connection, buffers, hint);
        this.parser = new RequestParser(options.maxRequestLineBytes(), options.maxHeaderBytes(),
                options.maxHeaderCount());
        this.environs = new EnvironFactory(connection.remoteAddress(), connection.localAddress(), multithread,
                options.serverSoftware());
    }

    /**
     * Serves requests until the client closes, a response closes, or the server stops; or until
     * the connection is parked between two requests, when the server calls this again once the
     * client's next request arrives.
     */
    void serve() throws IOException {
        try {
            serveRequests();
        } finally {
            in.release();
            out.release();
        }
    }

    private void serveRequests() throws IOException {
        while (true) {
            // a new connection has headerReadTimeout for its whole first head, counted from accept
            long headDeadline = openedAt + options.headerReadTimeout().toNanos();
            if (in.available() == 0) {
                if (resumed) {
                    // the next request has arrived: it is served even if the server began to stop
                    // meanwhile (its response then closes the connection)
                    resumed = false;
                    if (!readArrived()) {
                        return;
                    }
                } else {
                    Duration idle = firstHeadRead ? options.keepAliveTimeout()
                            : Duration.ofNanos(headDeadline - System.nanoTime());
                    Await await = awaitRequest(idle, firstHeadRead);
                    if (await != Await.READY) {
                        resumed = await == Await.PARKED;
                        return;
                    }
                }
            }
            if (firstHeadRead) {
                headDeadline = System.nanoTime() + options.headerReadTimeout().toNanos();
            }
            firstHeadRead = true;
            RequestHead head;
            try {
                head = readHead(headDeadline);
            } catch (HttpError e) {
                LOG.log(Level.DEBUG, () -> connection + ": " + e.status() + " " + e.getMessage());
                HttpResponse.writeError(out, e.status(), e.getMessage(), "HEAD".equals(parser.method()),
                        options.serverSoftware(), null);
                refused(null, e, System.nanoTime());
                closeLingering();
                return;
            }
            if (head == null) {
                return; // the client closed, or went quiet, before a whole head arrived
            }
            Next next = serve(head);
            if (next == Next.ABORT) {
                connection.abort();
                return;
            }
            if (next == Next.CLOSE) {
                closeLingering();
                return;
            }
        }
    }

    /**
     * Waits for the first byte of a request: READY; CLOSE if the client closed or stayed idle too
     * long; PARKED if a keep-alive connection stayed quiet for {@link #PARK_AFTER} and now waits
     * for the rest of {@code idle} without a thread.
     */
    private Await awaitRequest(Duration idle, boolean keepAlive) throws IOException {
        if (idle.isNegative() || idle.isZero() || !connection.idle(true)) {
            return Await.CLOSE;
        }
        in.shrink(); // wait holding no large buffer
        out.release();
        parser.reset(); // nor the last request's strings
        boolean mayPark = keepAlive && idle.compareTo(PARK_AFTER) > 0;
        try {
            connection.readTimeout(Durations.millis(mayPark ? PARK_AFTER : idle));
            return in.fill() > 0 ? Await.READY : Await.CLOSE;
        } catch (SocketTimeoutException e) {
            if (mayPark && connection.resumeWhenReadable(idle.minus(PARK_AFTER))) {
                parser.trim(); // a long header once must not stay with every idle connection
                return Await.PARKED;
            }
            return Await.CLOSE;
        } finally {
            connection.idle(false);
        }
    }

    /** Reads what a parked connection's client sent; false if it closed (or, oddly, sent nothing in time). */
    private boolean readArrived() throws IOException {
        try {
            connection.readTimeout(Durations.millis(options.headerReadTimeout()));
            return in.fill() > 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Reads one head by {@code deadline}; null if the client closed or went quiet before a byte of it. */
    private RequestHead readHead(long deadline) throws IOException, HttpError {
        parser.reset();
        while (true) {
            int used = parser.feed(in.buf, in.pos, in.available());
            in.pos += used;
            if (parser.done()) {
                return parser.head();
            }
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                connection.readTimeout((int) Math.max(1, left / 1_000_000));
                if (in.fill() < 0) {
                    return null;
                }
            } catch (SocketTimeoutException e) {
                if (parser.hasBytes()) {
                    throw new HttpError(408, "headerReadTimeout", "request head not received within headerReadTimeout="
                            + Durations.text(options.headerReadTimeout()));
                }
                return null;
            }
        }
    }

    /** Runs the application for one request and answers it. */
    private Next serve(RequestHead head) throws IOException {
        long began = System.nanoTime();
        RequestEvent event = RequestEvent.start(); // null unless JFR records it
        BodyInput body;
        try {
            body = bodyOf(head);
        } catch (HttpError e) {
            HttpResponse.writeError(out, e.status(), e.getMessage(), head.method.equals("HEAD"),
                    options.serverSoftware(), null);
            refused(head, e, began);
            return Next.CLOSE;
        }
        HttpResponse response = new HttpResponse(head, body, out, head.keepAlive && multithread,
                connection::stopping, options.maxDrainBytes(), options.serverSoftware());
        ResponseCore core = response.core();
        if (head.expectContinue && head.hasBody()) {
            body.onFirstRead(response::sendContinue);
        }
        connection.readTimeout(Durations.millis(options.bodyReadTimeout()));
        Map<String, Object> environ = environs.environ(head, body, errors);
        String requestId = RequestIds.choose((String) environ.get(REQUEST_ID_KEY), options.requestId());
        if (requestId != null) {
            environ.put(RequestIds.ENVIRON_KEY, requestId);
            core.addHeaderUnlessSet(new Header(RequestIds.HEADER, requestId));
        }
        ServerEndpoints.Endpoint endpoint = options.endpoints().find(environ.get(Environ.PATH_INFO));
        ResponseCore.Outcome outcome;
        watch.begun();
        try {
            outcome = core.run(endpoint == null ? app : endpoint.app(), environ, body::failed);
        } finally {
            errors.flush(); // a partial line belongs to this request, not the next one's
            watch.ended();
        }
        String what = head.method + " " + head.target;
        Next next = switch (outcome) {
            case COMPLETE -> {
                if (core.overflowed()) {
                    LOG.log(Level.ERROR, what + ": the body was longer than the application's Content-Length;"
                            + " the surplus was dropped");
                }
                // a response that went out keep-alive keeps its connection even if a stop began since: the
                // client may already be sending the next request on it, which is then answered with
                // Connection: close (closing now could drop that request unanswered)
                yield !response.keepAlive() ? Next.CLOSE : drain(head, body) ? Next.KEEP : Next.CLOSE;
            }
            case SHORT -> {
                LOG.log(Level.ERROR, what + ": the body ended " + core.missing()
                        + " bytes short of the application's Content-Length; connection closed");
                yield Next.ABORT;
            }
            case CLIENT_GONE -> {
                LOG.log(Level.DEBUG, () -> what + ": client gone: " + core.failure());
                yield Next.ABORT;
            }
            case FAILED_AFTER_COMMIT -> {
                LOG.log(Level.ERROR, what + ": the application failed after the headers went out; connection closed",
                        core.failure());
                yield Next.ABORT;
            }
            case FAILED -> answerFailure(head, core, requestId) ? Next.CLOSE : Next.ABORT;
        };
        if (core.closeFailure() != null) {
            LOG.log(Level.ERROR, what + ": closing the body failed", core.closeFailure());
        }
        if (event != null || watch.watched()) {
            int status = core.committed() ? core.status()
                    : outcome == ResponseCore.Outcome.FAILED && next == Next.CLOSE ? core.errorStatus() : 0;
            RequestRecord r = record(head, began, status, body.bytesRead(), core.bodyBytes(), requestId,
                    environ.get(Environ.JWSGI_ROUTE), core.failure(), endpoint != null);
            if (event != null) {
                event.commit(r);
            }
            watch.report(r, endpoint == null || endpoint.logged());
        }
        // the read buffer goes back to the pool when the connection idles: an app that kept
        // wsgi.input (PEP 3333 does not allow it) must not read into another connection's buffer
        body.detach();
        return next;
    }

    /**
     * The application failed before anything went out: logs it (a client fault only at DEBUG, or
     * any client could flood the log) and answers its error page; false if that could not be sent.
     */
    private boolean answerFailure(RequestHead head, ResponseCore core, String requestId) {
        String what = head.method + " " + head.target;
        if (core.clientFault()) {
            LOG.log(Level.DEBUG, () -> what + ": " + core.errorStatus() + ": " + core.failure());
        } else {
            LOG.log(Level.ERROR, what + ": the application failed", core.failure());
        }
        try {
            HttpResponse.writeError(out, core.errorStatus(), core.errorDetail(), head.method.equals("HEAD"),
                    options.serverSoftware(), requestId);
            return true;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "could not send the error response: " + e);
            return false;
        }
    }

    private BodyInput bodyOf(RequestHead head) throws HttpError {
        if (head.chunked) {
            in.enlarge();
            return new ChunkedInput(in, options.bodyReadTimeout(), options.maxBodyBytes(),
                    options.maxRequestLineBytes(), options.maxHeaderBytes(), options.maxHeaderCount());
        }
        if (head.contentLength > 0) {
            if (head.contentLength > options.maxBodyBytes()) {
                throw new HttpError(413, "maxBodyBytes", "Content-Length " + head.contentLength + " over maxBodyBytes="
                        + options.maxBodyBytes());
            }
            in.enlarge();
            return new BodyInput.Fixed(in, head.contentLength, options.bodyReadTimeout());
        }
        return BodyInput.empty();
    }

    /** Discards what the application left of the body, so the next request can be read; false: close. */
    private boolean drain(RequestHead head, BodyInput body) {
        if (body.complete()) {
            return true;
        }
        // within bodyReadTimeout in all, not per read: a trickled body must not hold the connection
        boolean drained = body.drain(options.maxDrainBytes(),
                System.nanoTime() + options.bodyReadTimeout().toNanos(), connection::readTimeout);
        if (!drained) {
            LOG.log(Level.DEBUG, () -> head.method + " " + head.target + ": unread request body over maxDrainBytes="
                    + options.maxDrainBytes() + " or not within bodyReadTimeout="
                    + Durations.text(options.bodyReadTimeout()) + "; connection closed");
        }
        return drained;
    }

    /**
     * Ends the connection after a complete response without risking a reset: half-close, then
     * read and drop what the client still sends until it closes or lingerTimeout passes.
     */
    private void closeLingering() {
        try {
            out.flush();
            connection.shutdownOutput();
            long deadline = System.nanoTime() + options.lingerTimeout().toNanos();
            for (long left = options.lingerTimeout().toNanos(); left > 0; left = deadline - System.nanoTime()) {
                connection.readTimeout((int) Math.max(1, left / 1_000_000));
                in.pos = in.limit;
                if (in.fill() < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            // timed out, or the client reset: either way there is nothing left to protect
        }
        connection.close();
    }

    /** The record of a request on this connection; {@code head} null for one refused before its head was whole. */
    private RequestRecord record(RequestHead head, long began, int status, long bytesIn, long bytesOut,
            String requestId, Object route, Throwable failure, boolean endpoint) {
        long took = System.nanoTime() - began;
        return new RequestRecord(System.currentTimeMillis() - took / 1_000_000, took,
                connection.remoteAddress().getAddress().getHostAddress(),
                head == null ? "" : head.method, head == null ? "" : head.target, head == null ? "" : head.protocol(),
                status, bytesIn, bytesOut, head == null ? null : head.header("Referer"),
                head == null ? null : head.header("User-Agent"), ServerWatch.BACKEND, watch.threading(),
                Long.toString(connection.id()), requestId, route instanceof String s ? s : null, failure, endpoint);
    }

    /** A request refused before the application: the access log and the JFR event. */
    private void refused(RequestHead head, HttpError e, long began) {
        watch.refused(record(head, began, e.status(), 0, 0, null, null, null, false), e.limit(), e.getMessage());
    }
}
