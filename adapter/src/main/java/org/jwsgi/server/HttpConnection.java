package org.jwsgi.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.gateway.Durations;
import org.jwsgi.gateway.LineWriter;
import org.jwsgi.gateway.ConnectionEvents;
import org.jwsgi.gateway.RequestEvent;
import org.jwsgi.gateway.RequestIds;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.gateway.ResponseCore;
import org.jwsgi.gateway.ServerEndpoints;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;
import org.jwsgi.server.ConnectionHandler.Step;

/**
 * The HTTP/1.1 side of one connection, as a {@link ConnectionHandler.Session}: reads request heads
 * as their bytes arrive (on a loop thread, without waiting), refuses malformed ones with their
 * status and closes, runs the application for the others and answers them in order, keep-alive
 * and pipelining included.
 *
 * <p>{@link #readable()} parses what arrived; a complete head is {@link Step#RUN} when its body (if
 * any) is already here too, so the loop may run it at once, and {@link Step#RUN_BLOCKING} when the
 * application will wait for the body. {@link #run()} serves it, then looks for the next request
 * among the bytes already read (pipelining) before the connection waits again.
 *
 * <p>How a connection ends: the client closes or stays idle (the server closes too); the server
 * decides to close after a complete response (a lingering close: FIN, then what the client still
 * sends is read and dropped for up to {@code lingerTimeout}, without a thread, so a TCP reset
 * cannot destroy the response in flight); or a response is cut short (an abort: a reset, so it
 * never looks complete).
 */
final class HttpConnection implements ConnectionHandler.Session {

    private static final System.Logger LOG = System.getLogger(WsgiServer.class.getName());
    private static final System.Logger ERRORS = System.getLogger("org.jwsgi.errors");
    /** The environ key of an incoming X-Request-Id. */
    private static final String REQUEST_ID_KEY = "HTTP_X_REQUEST_ID";

    /** The read buffer of a connection waiting for a request: a typical request head fits. */
    static final int IDLE_BUFFER_BYTES = 1024;
    /** The size of the pooled read and write buffers. */
    static final int BUFFER_BYTES = 16 * 1024;

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
    private final BooleanSupplier stopping;
    private final ServerWatch watch;
    /** wsgi.errors: logger {@code org.jwsgi.errors}, level WARNING, a line at a time. */
    private final PrintWriter errors = new PrintWriter(new LineWriter(line -> ERRORS.log(Level.WARNING, line)), true);
    private final long openedAt = System.nanoTime();
    /** The client's address as the access log writes it, once per connection. */
    private String remoteText;
    /** The connection's id as text, for every record of a request on it. */
    private String idText;
    /** Whether a request head has been read on this connection (the first one has headerReadTimeout). */
    private boolean firstHeadRead;
    /** The head {@link #run()} serves next. */
    private RequestHead head;
    /** A head the parser refused: {@link #run()} answers its status and closes. */
    private HttpError refused;
    /** The head did not arrive within headerReadTimeout: {@link #run()} answers 408 and closes. */
    private boolean timedOut;
    /** The response closed the connection: what the client still sends is dropped until FIN or lingerTimeout. */
    private boolean lingering;
    /** When the current wait ends ({@link System#nanoTime()}); 0: {@link #pendingTimeout} from the first look. */
    private long deadline;
    private long pendingTimeout;

    /**
     * @param buffers the large I/O buffers, borrowed while a request is served: an idle keep-alive
     *     connection holds only an {@value #IDLE_BUFFER_BYTES}-byte read buffer
     */
    HttpConnection(Application app, ServerOptions options, Transport connection, BufferPool buffers) {
        this(app, options, connection, buffers, new ServerWatch(options));
    }

    /** @param watch the server's access log, listeners and counts */
    HttpConnection(Application app, ServerOptions options, Transport connection, BufferPool buffers,
            ServerWatch watch) {
        this.watch = watch;
        this.app = app;
        this.options = options;
        this.connection = connection;
        this.multithread = options.threading() != Threading.SINGLE;
        int hint = ThreadLocalRandom.current().nextInt();
        this.in = new InputBuffer(connection, buffers, IDLE_BUFFER_BYTES, hint);
        this.in.timeout(options.bodyReadTimeout().toNanos());
        this.out = new ResponseWriter(connection, buffers, hint);
        this.parser = new RequestParser(options.maxRequestLineBytes(), options.maxHeaderBytes(),
                options.maxHeaderCount());
        this.environs = new EnvironFactory(connection.remoteAddress(), connection.localAddress(), multithread,
                options.serverSoftware(), connection.secure());
        this.stopping = connection::stopping;
        // a client that connects and says nothing yet has headerReadTimeout from accept: the loop
        // may ask for the deadline before anything was read (else it read as "now" and closed
        // such a connection within a sweep or two, ~100-200 ms)
        this.deadline = openedAt + options.headerReadTimeout().toNanos();
    }

    /** Reads what arrived, without waiting, and says what it makes: a request to run, or a wait. */
    @Override
    public Step readable() throws IOException {
        try {
            if (lingering) {
                return linger();
            }
            int n = in.fillNow();
            if (n < 0) {
                return end(); // the client closed, before or within a head: nothing to answer
            }
            return n == 0 ? waiting() : parse();
        } catch (IOException | RuntimeException | Error e) {
            release();
            throw e;
        }
    }

    /** Serves the request {@link #readable()} found, then looks for the next one among the bytes already here. */
    @Override
    public Step run() throws IOException {
        try {
            if (timedOut) {
                timedOut = false;
                return refuse(new HttpError(408, "headerReadTimeout", "request head not received within headerReadTimeout="
                        + Durations.text(options.headerReadTimeout())));
            }
            if (refused != null) {
                HttpError e = refused;
                refused = null;
                return refuse(e);
            }
            RequestHead h = head;
            head = null;
            Next next = serve(h);
            if (next == Next.ABORT) {
                connection.abort();
                return end();
            }
            if (next == Next.CLOSE) {
                return closeLingering();
            }
            parser.reset();
            return in.available() > 0 || connection.buffered() > 0 ? parse() : waiting();
        } catch (IOException | RuntimeException | Error e) {
            release();
            throw e;
        }
    }

    @Override
    public long deadline() {
        if (deadline == 0) {
            deadline = System.nanoTime() + pendingTimeout;
        }
        return deadline;
    }

    /** The wait timed out: a head in progress gets a 408; an idle or lingering connection just closes. */
    @Override
    public Step expired() {
        if (!lingering && parser.hasBytes()) {
            timedOut = true;
            return Step.RUN;
        }
        release();
        return Step.CLOSE;
    }

    /** Feeds the parser what is buffered, reading more while the head is incomplete and bytes are there. */
    private Step parse() throws IOException {
        while (true) {
            try {
                int used = parser.feed(in.buf, in.pos, in.available());
                in.pos += used;
                if (parser.done()) {
                    head = parser.head();
                    firstHeadRead = true;
                    return ready(head);
                }
            } catch (HttpError e) {
                refused = e;
                return Step.RUN;
            }
            int n = in.fillNow();
            if (n < 0) {
                return end(); // closed within a head: nothing to answer
            }
            if (n == 0) {
                return waiting();
            }
        }
    }

    /** A complete head: RUN if its body is here too (the app will not wait), else RUN_BLOCKING. */
    private Step ready(RequestHead h) {
        if (!h.hasBody()) {
            return Step.RUN;
        }
        if (h.expectContinue || h.chunked) {
            return Step.RUN_BLOCKING;
        }
        return h.contentLength <= in.available() || h.contentLength > options.maxBodyBytes()
                ? Step.RUN : Step.RUN_BLOCKING;
    }

    /**
     * Nothing more has arrived: wait for the client. A new connection has headerReadTimeout for its
     * whole first head, counted from accept; later, a head in progress has headerReadTimeout and an
     * idle connection keepAliveTimeout, counted from when the loop first looks (within 100 ms), so
     * that a request costs no clock read.
     */
    private Step waiting() {
        boolean partial = parser.hasBytes();
        if (!firstHeadRead) {
            deadline = openedAt + options.headerReadTimeout().toNanos();
        } else {
            deadline = 0;
            pendingTimeout = (partial ? options.headerReadTimeout() : options.keepAliveTimeout()).toNanos();
        }
        if (partial) {
            return Step.WAIT;
        }
        in.shrink(); // wait holding no large buffer
        out.release();
        parser.trim(); // nor a long header's arrays
        return Step.IDLE;
    }

    private Step refuse(HttpError e) throws IOException {
        LOG.log(Level.DEBUG, () -> connection + ": " + e.status() + " " + e.getMessage());
        HttpResponse.writeError(out, e.status(), e.getMessage(), "HEAD".equals(parser.method()),
                options.serverSoftware(), null);
        refused(null, e, System.nanoTime());
        return closeLingering();
    }

    /** Runs the application for one request and answers it. */
    private Next serve(RequestHead head) throws IOException {
        long began = System.nanoTime();
        if (head.rawPath.equals("*")) { // OPTIONS *, the one request for the server itself
            boolean keep = head.keepAlive && multithread && !head.hasBody() && !connection.stopping();
            HttpResponse.writeAsterisk(out, !keep, options.serverSoftware());
            if (watch.watched()) {
                watch.report(record(head, began, 200, 0, 0, null, null, null, true), true);
            }
            return keep ? Next.KEEP : Next.CLOSE;
        }
        RequestEvent event = ConnectionEvents.request(); // null unless JFR records it
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
                stopping, options.maxDrainBytes(), options.serverSoftware());
        ResponseCore core = response.core();
        if (head.expectContinue && head.hasBody()) {
            body.onFirstRead(response::sendContinue);
        }
        if (head.hasBody()) {
            // every wait for the body, its framing included, within bodyReadTimeout and minBodyRate
            BodyPacer pacer = new BodyPacer(options.bodyReadTimeout(), options.minBodyRate());
            body.pacedBy(pacer);
            in.pace(pacer);
        }
        Map<String, Object> environ = environs.environ(head, body, errors);
        connection.addTo(environ);
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
        Next next = switch (outcome) {
            case COMPLETE -> {
                if (core.overflowed()) {
                    LOG.log(Level.ERROR, what(head) + ": the body was longer than the application's Content-Length;"
                            + " the surplus was dropped");
                }
                // a response that went out keep-alive keeps its connection even if a stop began since: the
                // client may already be sending the next request on it, which is then answered with
                // Connection: close (closing now could drop that request unanswered)
                yield !response.keepAlive() ? Next.CLOSE : drain(head, body) ? Next.KEEP : Next.CLOSE;
            }
            case SHORT -> {
                LOG.log(Level.ERROR, what(head) + ": the body ended " + core.missing()
                        + " bytes short of the application's Content-Length; connection closed");
                yield Next.ABORT;
            }
            case CLIENT_GONE -> {
                LOG.log(Level.DEBUG, () -> what(head) + ": client gone: " + core.failure());
                yield Next.ABORT;
            }
            case FAILED_AFTER_COMMIT -> {
                LOG.log(Level.ERROR, what(head)
                        + ": the application failed after the headers went out; connection closed", core.failure());
                yield Next.ABORT;
            }
            case FAILED -> answerFailure(head, core, requestId) ? Next.CLOSE : Next.ABORT;
        };
        if (core.closeFailure() != null) {
            LOG.log(Level.ERROR, what(head) + ": closing the body failed", core.closeFailure());
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
        in.pace(null); // the next body has a pacer of its own
        return next;
    }

    /** How a request is named in the log: its method and target. */
    private static String what(RequestHead head) {
        return head.method + " " + head.target;
    }

    /**
     * The application failed before anything went out: logs it (a client fault only at DEBUG, or
     * any client could flood the log) and answers its error page; false if that could not be sent.
     */
    private boolean answerFailure(RequestHead head, ResponseCore core, String requestId) {
        if (core.clientFault()) {
            LOG.log(Level.DEBUG, () -> what(head) + ": " + core.errorStatus() + ": " + core.failure());
        } else {
            LOG.log(Level.ERROR, what(head) + ": the application failed", core.failure());
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
        boolean drained = body.drain(options.maxDrainBytes(), System.nanoTime() + options.bodyReadTimeout().toNanos());
        if (!drained) {
            LOG.log(Level.DEBUG, () -> head.method + " " + head.target + ": unread request body over maxDrainBytes="
                    + options.maxDrainBytes() + " or not within bodyReadTimeout="
                    + Durations.text(options.bodyReadTimeout()) + "; connection closed");
        }
        return drained;
    }

    /**
     * Ends the connection after a complete response without risking a reset: half-close, then
     * read and drop what the client still sends until it closes or lingerTimeout passes, waiting
     * for it without a thread ({@link Step#WAIT}).
     */
    private Step closeLingering() {
        try {
            out.flush();
            connection.shutdownOutput();
        } catch (IOException e) {
            return end(); // the client reset: there is nothing left to protect
        }
        lingering = true;
        deadline = System.nanoTime() + options.lingerTimeout().toNanos();
        return linger();
    }

    /** Reads and drops what arrived: CLOSE once the client closed, else WAIT (until lingerTimeout). */
    private Step linger() {
        try {
            int n;
            while ((n = in.discardNow()) > 0) {
                // dropped
            }
            return n < 0 || options.lingerTimeout().isZero() ? end() : Step.WAIT;
        } catch (IOException e) {
            return end(); // a reset: nothing left to protect
        }
    }

    /** The connection is done: its pooled buffers go back, and the socket layer closes it. */
    private Step end() {
        release();
        return Step.CLOSE;
    }

    private void release() {
        in.release();
        out.release();
    }

    /** The record of a request on this connection; {@code head} null for one refused before its head was whole. */
    private RequestRecord record(RequestHead head, long began, int status, long bytesIn, long bytesOut,
            String requestId, Object route, Throwable failure, boolean endpoint) {
        long took = System.nanoTime() - began;
        return new RequestRecord(System.currentTimeMillis() - took / 1_000_000, took, remote(),
                head == null ? "" : head.method, head == null ? "" : head.target, head == null ? "" : head.protocol(),
                status, bytesIn, bytesOut, head == null ? null : head.header("Referer"),
                head == null ? null : head.header("User-Agent"), ServerWatch.BACKEND, watch.threading(),
                idText(), requestId, route instanceof String s ? s : null, failure, endpoint);
    }

    /** A request refused before the application: the access log and the JFR event. */
    private void refused(RequestHead head, HttpError e, long began) {
        watch.refused(record(head, began, e.status(), 0, 0, null, null, null, false), e.limit(), e.getMessage());
    }

    private String idText() {
        String id = idText;
        if (id == null) {
            id = Long.toString(connection.id());
            idText = id;
        }
        return id;
    }

    private String remote() {
        String r = remoteText;
        if (r == null) {
            r = connection.remoteAddress().getAddress().getHostAddress();
            remoteText = r;
        }
        return r;
    }
}
