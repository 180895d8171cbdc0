package org.jwsgi.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.Status;
import org.jwsgi.gateway.RequestIds;
import org.jwsgi.gateway.ResponseCore;

/**
 * The servlet bridge's {@link ResponseCore.Wire}: the bundled server's rules, expressed with
 * {@code setStatus}, {@code setHeader}/{@code addHeader}, {@code setContentLengthLong} and a flush
 * after each streamed chunk; the container frames the body.
 */
final class BridgeResponse implements ResponseCore.Wire {

    private final HttpServletResponse response;
    private final boolean head;
    private final BiConsumer<String, Throwable> log;
    private final ResponseCore core;
    private ServletOutputStream out;
    private String requestId;

    BridgeResponse(HttpServletResponse response, boolean head, BiConsumer<String, Throwable> log) {
        this.response = response;
        this.head = head;
        this.log = log;
        this.core = new ResponseCore(this, head);
    }

    /** The response core: its status, bytes and failure once {@link #run} returned or threw. */
    ResponseCore core() {
        return core;
    }

    /** Sends {@code id} as the response's X-Request-Id unless the application sets one, and on an error page. */
    void requestId(String id) {
        this.requestId = id;
        core.addHeaderUnlessSet(new org.jwsgi.Header(RequestIds.HEADER, id));
    }

    /**
     * Runs {@code app} and answers: an error page for a failure before anything was sent, a
     * {@link ServletException} (the container aborts the connection) for one after, or for a body
     * short of its Content-Length.
     */
    void run(Application app, Map<String, Object> environ, BooleanSupplier inputFailed)
            throws ServletException, IOException {
        ResponseCore.Outcome outcome = core.run(app, environ, inputFailed);
        String what = environ.get(Environ.REQUEST_METHOD) + " " + environ.get(Environ.REQUEST_URI);
        Throwable failure = core.failure();
        if (core.closeFailure() != null && outcome == ResponseCore.Outcome.COMPLETE) {
            log.accept(what + ": closing the body failed", core.closeFailure());
        }
        switch (outcome) {
            case COMPLETE -> {
                if (core.overflowed()) {
                    log.accept(what + ": the body was longer than the application's Content-Length;"
                            + " the surplus was dropped", null);
                }
            }
            case SHORT -> throw new ServletException(what + ": the body ended " + core.missing()
                    + " bytes short of the application's Content-Length; connection aborted");
            case CLIENT_GONE -> throw failure instanceof IOException io ? io
                    : new IOException(what + ": writing the response failed", failure);
            case FAILED_AFTER_COMMIT -> throw new ServletException(what + ": the application failed after the headers"
                    + " went out; connection aborted", failure);
            case FAILED -> {
                if (core.clientFault() && response.isCommitted()) {
                    if (response.getStatus() >= 400) {
                        // Tomcat answers a failed body read itself (InputBuffer.handleReadException:
                        // sendError 408 for a timeout, 400 otherwise) and suspends the response, which
                        // then reads as committed: returning lets its ErrorReportValve send that status,
                        // the bundled server's, and close the connection; throwing would make it a 500
                        return;
                    }
                    throw failure instanceof IOException io ? io : new IOException(failure);
                }
                if (!core.clientFault()) {
                    log.accept(what + ": the application failed", failure);
                }
                BridgeInput.sendError(core.errorStatus(), core.errorDetail(), head, response, requestId);
            }
        }
    }

    @Override
    public void head(Status status, List<Header> headers, long length) throws IOException {
        boolean noBody = status.forbidsBody();
        response.setStatus(status.code());
        Set<String> named = new HashSet<>();
        for (Header h : headers) {
            if (h.is("Content-Length")) {
                continue;
            }
            // setHeader for a name's first value: it replaces what the container put there before the
            // application ran (Jetty adds Date, and the backend's Server), so an app's Date goes out once
            if (named.add(h.name().toLowerCase(Locale.ROOT))) {
                response.setHeader(h.name(), h.value());
            } else {
                response.addHeader(h.name(), h.value());
            }
        }
        if (!noBody && length >= 0) {
            response.setContentLengthLong(length);
        }
        out = response.getOutputStream();
        if (length == 0 || noBody || head) {
            response.flushBuffer();
        }
    }

    @Override
    public void body(byte[] data, int off, int len, boolean flush) throws IOException {
        out.write(data, off, len);
        if (flush) {
            out.flush();
        }
    }

    @Override
    public void end() throws IOException {
        // the container completes the response when the servlet returns
    }
}
