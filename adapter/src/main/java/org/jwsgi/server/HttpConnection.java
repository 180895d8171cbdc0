package org.jwsgi.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.ResponseStarter;

/**
 * The HTTP/1.1 side of one connection: reads request heads (with the header and keep-alive
 * timeouts), refuses malformed ones with their status and closes, runs the application for the
 * others and answers them in order, keep-alive and pipelining included.
 */
final class HttpConnection {

    private static final System.Logger LOG = System.getLogger(WsgiServer.class.getName());

    private final Application app;
    private final ServerOptions options;
    private final Transport connection;
    private final boolean multithread;
    private final InputBuffer in;
    private final ResponseWriter out;
    private final RequestParser parser;
    private final PrintWriter errors = new PrintWriter(new LogWriter(), true);

    HttpConnection(Application app, ServerOptions options, Transport connection) throws IOException {
        this.app = app;
        this.options = options;
        this.connection = connection;
        this.multithread = options.threading() != Threading.SINGLE;
        this.in = new InputBuffer(connection.input(), 16 * 1024);
        this.out = new ResponseWriter(connection.output(), 16 * 1024);
        this.parser = new RequestParser(options.maxRequestLineBytes(), options.maxHeaderBytes(),
                options.maxHeaderCount());
    }

    /** Serves requests until the client closes, a response closes, or the server stops. */
    void serve() throws IOException {
        boolean first = true;
        while (true) {
            if (in.available() == 0 && !awaitRequest(first ? options.headerReadTimeout() : options.keepAliveTimeout())) {
                return;
            }
            first = false;
            RequestHead head;
            try {
                head = readHead();
            } catch (HttpError e) {
                LOG.log(Level.DEBUG, () -> connection + ": " + e.status() + " " + e.getMessage());
                HttpResponse.writeError(out, e.status(), e.getMessage(), false, options.serverSoftware());
                accessLog("-", e.status(), 0);
                return;
            }
            if (head == null) {
                return; // the client closed, or went quiet, before a whole head arrived
            }
            if (!exchange(head)) {
                return;
            }
        }
    }

    /** Waits for the first byte of a request; false if the client closed or stayed idle too long. */
    private boolean awaitRequest(Duration idle) throws IOException {
        if (!connection.idle(true)) {
            return false;
        }
        try {
            connection.readTimeout(millis(idle));
            return in.fill() > 0;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            connection.idle(false);
        }
    }

    /** Reads one head within headerReadTimeout; null if the client closed or timed out (after a 408). */
    private RequestHead readHead() throws IOException, HttpError {
        parser.reset();
        long deadline = System.nanoTime() + options.headerReadTimeout().toNanos();
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
                if (parser.started()) {
                    throw new HttpError(408, "request head not received within headerReadTimeout="
                            + options.headerReadTimeout());
                }
                return null;
            }
        }
    }

    /** Runs the application for one request; returns whether the connection may serve another. */
    private boolean exchange(RequestHead head) throws IOException {
        BodyInput body;
        try {
            body = bodyOf(head);
        } catch (HttpError e) {
            HttpResponse.writeError(out, e.status(), e.getMessage(), head.method.equals("HEAD"),
                    options.serverSoftware());
            accessLog(head, e.status(), 0);
            return false;
        }
        HttpResponse response = new HttpResponse(head, body, out, head.keepAlive && multithread,
                connection::stopping, options.serverSoftware());
        ResponseStarter starter = new ResponseStarter(data -> response.write(data, true));
        response.starter(starter);
        if (head.expectContinue && head.hasBody()) {
            body.onFirstRead(response::sendContinue);
        }
        connection.readTimeout(millis(options.bodyReadTimeout()));
        Map<String, Object> environ = EnvironFactory.environ(head, connection.remoteAddress(),
                connection.localAddress(), body, errors, multithread, options.serverSoftware());
        Iterable<byte[]> result = null;
        boolean complete = false;
        int errorStatus = 0;
        try {
            result = app.call(environ, starter);
            if (result == null) {
                throw new NullPointerException("the application returned null instead of a body");
            }
            complete = response.send(result);
            if (!complete) {
                LOG.log(Level.ERROR, head.method + " " + head.target + ": the body ended " + response.missing()
                        + " bytes short of the application's Content-Length; connection closed");
            } else if (response.overflowed()) {
                LOG.log(Level.ERROR, head.method + " " + head.target
                        + ": the body was longer than the application's Content-Length; the surplus was dropped");
            }
        } catch (Throwable t) {
            errorStatus = fail(head, response, t);
        } finally {
            closeBody(result, head);
        }
        accessLog(head, response.committed() ? response.status() : errorStatus, response.bodyBytes());
        if (!complete) {
            connection.abort();
            return false;
        }
        return response.keepAlive() && !connection.stopping() && drain(head, body);
    }

    /**
     * The application (or the body it returned) failed: answer if nothing went out yet, else cut.
     *
     * @return the error status sent, or 0 if none could be
     */
    private int fail(RequestHead head, HttpResponse response, Throwable t) {
        if (response.broken()) {
            LOG.log(Level.DEBUG, () -> head.method + " " + head.target + ": client gone: " + t);
            return 0;
        }
        if (response.committed()) {
            LOG.log(Level.ERROR, head.method + " " + head.target
                    + ": the application failed after the headers went out; connection closed", t);
            return 0;
        }
        int status = 500;
        String detail = null;
        if (t instanceof BodyTooLargeException || t instanceof MalformedBodyException) {
            status = t instanceof BodyTooLargeException ? 413 : 400;
            detail = t.getMessage();
            LOG.log(Level.DEBUG, () -> head.method + " " + head.target + ": " + t.getMessage());
        } else if (t instanceof SocketTimeoutException) {
            status = 408;
            detail = t.getMessage();
            LOG.log(Level.DEBUG, () -> head.method + " " + head.target + ": " + t.getMessage());
        } else {
            LOG.log(Level.ERROR, head.method + " " + head.target + ": the application failed", t);
        }
        try {
            HttpResponse.writeError(out, status, detail, head.method.equals("HEAD"), options.serverSoftware());
            connection.close(); // a complete error response: close politely rather than abort
            return status;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "could not send the error response: " + e);
            return 0;
        }
    }

    private BodyInput bodyOf(RequestHead head) throws HttpError {
        if (head.chunked) {
            return new ChunkedInput(in, options.bodyReadTimeout(), options.maxBodyBytes(),
                    options.maxRequestLineBytes(), options.maxHeaderBytes(), options.maxHeaderCount());
        }
        if (head.contentLength > 0) {
            if (head.contentLength > options.maxBodyBytes()) {
                throw new HttpError(413, "Content-Length " + head.contentLength + " over maxBodyBytes="
                        + options.maxBodyBytes());
            }
            return new BodyInput.Fixed(in, head.contentLength, options.bodyReadTimeout());
        }
        return BodyInput.empty();
    }

    /** Discards what the application left of the body, so the next request can be read. */
    private boolean drain(RequestHead head, BodyInput body) {
        if (body.complete()) {
            return true;
        }
        boolean drained = body.drain(options.maxDrainBytes());
        if (!drained) {
            LOG.log(Level.DEBUG, () -> head.method + " " + head.target
                    + ": unread request body over maxDrainBytes=" + options.maxDrainBytes() + "; connection closed");
        }
        return drained;
    }

    private static void closeBody(Iterable<byte[]> result, RequestHead head) {
        if (result instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.ERROR, head.method + " " + head.target + ": closing the body failed", e);
            }
        }
    }

    private void accessLog(RequestHead head, int status, long bytes) {
        if (options.accessLog()) {
            accessLog(head.method + " " + head.target.replace("\"", "%22") + " " + head.protocol(), status, bytes);
        }
    }

    private void accessLog(String requestLine, int status, long bytes) {
        if (options.accessLog()) {
            AccessLog.log(connection.remoteAddress().getAddress().getHostAddress(), requestLine, status, bytes);
        }
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
