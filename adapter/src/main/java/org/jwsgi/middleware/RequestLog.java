package org.jwsgi.middleware;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Status;
import org.jwsgi.Write;
import org.jwsgi.util.Uris;

/**
 * Logs one {@link Entry} per request: client address, method, path and query, status, body bytes,
 * and the time from the call to the {@code close()} of the body, i.e. including the time the
 * server took to send it. To {@code System.Logger} {@code org.jwsgi.requests} at INFO, or to any
 * {@code Consumer} (a metrics counter, a test).
 *
 * <pre>{@code
 * Application logged = RequestLog.toLogger().wrap(app);
 * // INFO org.jwsgi.requests: 203.0.113.7 GET /api/items?page=2 200 5120 3.217 ms
 * Application counted = RequestLog.to(entry -> histogram.record(entry.duration())).wrap(app);
 * }</pre>
 *
 * <p>The path is {@code SCRIPT_NAME + PATH_INFO} as they were when the request came in, quoted
 * back to URL form. The bytes are what the application produced (body chunks and
 * {@code write()}), which the server sends save for a {@code HEAD} request or a body longer than
 * its {@code Content-Length}. The status is the last one given to {@code start_response};
 * an exception that escapes the application is logged with it ({@code 0} if none was set) and
 * rethrown. The entry is made exactly once, when the body is closed (or when the call throws); the
 * application's {@code close()} is called once through it. An in-memory ({@code Collection})
 * body stays a {@code Collection}, so servers still give it a {@code Content-Length}; a file body
 * is iterated, so it loses the server's {@code sendfile} path (put file serving outside this
 * middleware where that matters).
 */
public final class RequestLog {

    /**
     * One request, as logged.
     *
     * @param status the status code, or 0 if the application never called {@code start_response}
     * @param failure what escaped the application, or {@code null}
     */
    public record Entry(String remoteAddr, String method, String path, int status, long bytes, Duration duration,
            Throwable failure) {

        /** {@code 203.0.113.7 GET /a?b=1 200 512 3.217 ms}, then {@code failed: <exception>} if it failed. */
        @Override
        public String toString() {
            return remoteAddr + " " + method + " " + path + " " + status + " " + bytes + " "
                    + String.format(java.util.Locale.ROOT, "%.3f ms", duration.toNanos() / 1e6)
                    + (failure == null ? "" : " failed: " + failure);
        }
    }

    private final Consumer<Entry> sink;

    private RequestLog(Consumer<Entry> sink) {
        this.sink = sink;
    }

    /** To {@code System.Logger} {@code org.jwsgi.requests}, INFO, one line per request. */
    public static RequestLog toLogger() {
        System.Logger logger = System.getLogger("org.jwsgi.requests");
        return new RequestLog(entry -> logger.log(System.Logger.Level.INFO, entry.toString()));
    }

    /** To {@code sink}, called once per request on the thread that closes the body. */
    public static RequestLog to(Consumer<Entry> sink) {
        return new RequestLog(Objects.requireNonNull(sink, "sink"));
    }

    /** {@code next}, each request logged. */
    public Application wrap(Application next) {
        Objects.requireNonNull(next, "next");
        return (environ, startResponse) -> {
            RequestLogBody log = new RequestLogBody(this, environ);
            Iterable<byte[]> body;
            try {
                body = next.call(environ, (status, headers, excInfo) -> {
                    Write write = startResponse.start(status, headers, excInfo);
                    log.status = Status.parse(status).code();
                    return data -> {
                        log.bytes += data.length;
                        write.write(data);
                    };
                });
            } catch (Exception | Error e) {
                log.end(e);
                throw e;
            }
            return log.wrap(body);
        };
    }

    void emit(Map<String, Object> environ, int status, long bytes, long startNanos, Throwable failure) {
        String query = Objects.toString(environ.get(Environ.QUERY_STRING), "");
        sink.accept(new Entry(Objects.toString(environ.get(Environ.REMOTE_ADDR), ""), Objects.toString(environ.get(Environ.REQUEST_METHOD), ""),
                Uris.requestPath(environ) + (query.isEmpty() ? "" : "?" + query), status, bytes,
                Duration.ofNanos(System.nanoTime() - startNanos), failure));
    }

    static long total(Collection<?> chunks) {
        long n = 0;
        for (Object c : chunks) {
            n += c instanceof byte[] b ? b.length : 0;
        }
        return n;
    }
}
