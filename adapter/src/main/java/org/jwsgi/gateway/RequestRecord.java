package org.jwsgi.gateway;

import java.util.Objects;

/**
 * One request as a server saw it once its response ended: what the access log writes, what the
 * JFR event {@code org.jwsgi.Request} holds and what {@link ServerListener}s (metrics) receive.
 * Every backend makes the same record: the bundled server where {@code HttpConnection.serve}
 * ends, the bridge where {@code ServletBridge.respond} ends (and Jetty's and Tomcat's request logs
 * for the requests they refuse themselves).
 *
 * <pre>{@code
 * ServerListener slow = r -> {
 *     if (r.durationNanos() > 1_000_000_000L) System.err.println("slow: " + r.method() + " " + r.target());
 * };
 * }</pre>
 *
 * @param startMillis when the request head had been read, in epoch milliseconds
 * @param durationNanos from then to the end of the response (or of the error page)
 * @param remoteAddr the client's IP address
 * @param method the request method as sent
 * @param target the request-target as sent: raw path and query
 * @param protocol {@code HTTP/1.1}, {@code HTTP/1.0}, {@code HTTP/2.0}
 * @param status the status sent, 0 if none was (the client went away first)
 * @param bytesIn request body bytes the server read
 * @param bytesOut response body bytes the server sent
 * @param referer the {@code Referer} header, or null
 * @param userAgent the {@code User-Agent} header, or null
 * @param backend {@code builtin}, {@code jetty}, {@code tomcat}, or the container's name for a WAR
 * @param threading the threading model's label ({@code per-connection}, {@code pool},
 *     {@code single}), {@code container} for a WAR
 * @param connectionId the connection's id on this server
 * @param requestId the request id ({@code X-Request-Id}), or null
 * @param route the bounded route the application set in {@code jwsgi.route} (a template like
 *     {@code /users/{id}}), or null
 * @param failure what escaped the application, or null
 * @param endpoint whether a {@link ServerEndpoints server endpoint} answered, not the application
 */
public record RequestRecord(long startMillis, long durationNanos, String remoteAddr, String method, String target,
        String protocol, int status, long bytesIn, long bytesOut, String referer, String userAgent, String backend,
        String threading, String connectionId, String requestId, String route, Throwable failure, boolean endpoint) {

    public RequestRecord {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(threading, "threading");
    }

    /** The path of {@link #target()}: up to its {@code ?}. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query of {@link #target()} after its {@code ?}, {@code ""} if none. */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }
}
