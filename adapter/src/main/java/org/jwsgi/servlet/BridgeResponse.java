package org.jwsgi.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.Status;
import org.jwsgi.gateway.FileBody;
import org.jwsgi.gateway.ResponseStarter;

/**
 * One response written through the servlet API: the same rules as the bundled server's
 * ({@code HttpResponse}), expressed with {@code setStatus}, {@code addHeader},
 * {@code setContentLengthLong} and a flush after each chunk.
 */
final class BridgeResponse {

    private static final byte[] ERROR_500 = "500 Internal Server Error\n".getBytes(StandardCharsets.UTF_8);

    private final HttpServletResponse response;
    private final boolean head;
    private final BiConsumer<String, Throwable> log;
    private final ResponseStarter starter = new ResponseStarter(data -> write(data, true));
    private ServletOutputStream out;
    private boolean committed;
    private boolean noBody;
    /** Bytes still allowed by the application's Content-Length; -1 when it set none. */
    private long remaining = -1;
    private boolean overflow;

    BridgeResponse(HttpServletResponse response, boolean head, BiConsumer<String, Throwable> log) {
        this.response = response;
        this.head = head;
        this.log = log;
    }

    void run(Application app, Map<String, Object> environ) throws ServletException, IOException {
        Iterable<byte[]> body = null;
        String failure = null;
        Throwable cause = null;
        try {
            body = app.call(environ, starter);
            if (body == null) {
                throw new NullPointerException("the application returned null instead of a body");
            }
            send(body);
            if (remaining > 0 && !noBody && !head) {
                failure = "the body ended " + remaining + " bytes short of the application's Content-Length";
            } else if (overflow) {
                log.accept(what(environ) + ": the body was longer than the application's Content-Length;"
                        + " the surplus was dropped", null);
            }
        } catch (IOException e) {
            if (committed) {
                throw e; // most likely the client went away: the container knows what to do
            }
            cause = e;
        } catch (Throwable t) {
            cause = t;
        } finally {
            if (body instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    if (cause == null && failure == null) {
                        log.accept(what(environ) + ": closing the body failed", e);
                    }
                }
            }
        }
        if (cause != null) {
            if (committed) {
                throw new ServletException(what(environ) + ": the application failed after the headers went out;"
                        + " connection aborted", cause);
            }
            if (response.isCommitted() && cause instanceof BridgeInput.Unreadable unreadable) {
                // Tomcat marks the response committed once a body read failed: no answer can be
                // written any more; the container's own error handling closes the connection
                throw unreadable;
            }
            if (cause instanceof BridgeInput.TooLarge) {
                BridgeInput.sendError(413, cause.getMessage(), head, response); // the client's fault: nothing to log
            } else if (cause instanceof BridgeInput.Unreadable unreadable) {
                BridgeInput.sendError(unreadable.status(), unreadable.detail(), head, response);
            } else {
                log.accept(what(environ) + ": the application failed", cause);
                sendError();
            }
        } else if (failure != null) {
            throw new ServletException(what(environ) + ": " + failure + "; connection aborted");
        }
    }

    private void send(Iterable<byte[]> body) throws IOException {
        // a body already in memory goes out as the container buffers it (one write for a small
        // one, as on the bundled server); a streamed one is flushed chunk by chunk
        boolean inMemory = body instanceof Collection<?>;
        long known = -1;
        if (body instanceof FileBody file && starter.started() && !committed) {
            known = file.length(); // as the bundled server: a file's length is known up front
            starter.requireLengthCovered(known, head);
        } else if (body instanceof Collection<?> && starter.started()) {
            known = 0;
            for (byte[] chunk : body) {
                known += chunk == null ? 0 : chunk.length;
            }
            if (!committed) {
                starter.requireLengthCovered(known, head);
            }
            if (head && known == 0) {
                known = -1; // an app may leave a HEAD body empty: that says nothing of GET's length
            }
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
            if (head || noBody || overflow) {
                break; // nothing of it goes out: stop asking the application for more
            }
            write(chunk, !inMemory);
        }
        starter.requireStarted();
        if (!committed) {
            commit(known >= 0 ? known : head ? -1 : 0);
        }
    }

    private void commit(long known) throws IOException {
        Status status = starter.status();
        if (status.code() < 200) {
            throw new IllegalStateException("status " + status + " is informational; the application must send a final status");
        }
        long appLength = starter.contentLength();
        noBody = status.forbidsBody();
        response.setStatus(status.code());
        Set<String> named = new HashSet<>();
        for (Header h : starter.headers()) {
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
        long length = appLength >= 0 ? appLength : known;
        if (!noBody && length >= 0) {
            response.setContentLengthLong(length);
            remaining = length;
        }
        committed = true;
        starter.markCommitted();
        out = response.getOutputStream();
        if (known == 0 || noBody || head) {
            response.flushBuffer();
        }
    }

    /** The legacy write callable and the body loop both end here; a streamed chunk is flushed. */
    private void write(byte[] data, boolean flush) throws IOException {
        if (data.length == 0) {
            return;
        }
        if (!committed) {
            commit(-1);
        }
        if (head || noBody) {
            return;
        }
        int n = data.length;
        if (remaining >= 0) {
            n = (int) Math.min(n, remaining);
            remaining -= n;
            overflow |= n < data.length;
        }
        if (n > 0) {
            out.write(data, 0, n);
            if (flush) {
                out.flush();
            }
        }
    }

    private void sendError() throws IOException {
        BridgeInput.reset(response);
        response.setStatus(500);
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(ERROR_500.length);
        if (!head) {
            response.getOutputStream().write(ERROR_500);
        }
        response.flushBuffer();
    }

    private static String what(Map<String, Object> environ) {
        return environ.get("REQUEST_METHOD") + " " + environ.get("REQUEST_URI");
    }
}
