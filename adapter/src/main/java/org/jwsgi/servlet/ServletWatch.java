package org.jwsgi.servlet;

import jakarta.servlet.ServletConnection;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.jwsgi.Environ;
import org.jwsgi.gateway.ConnectionEvents;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.gateway.ResponseCore;
import org.jwsgi.gateway.ServerListener;

/**
 * What the bridge tells about each request, as the bundled server's does: the {@link RequestRecord}
 * for the JFR event and the {@link ServerListener}s, left on the request (attribute
 * {@value #RECORD}) for the backend's access log, and the count of requests in flight. The access
 * log itself is the container's request log (it also sees the requests the container refuses), fed
 * the same record.
 */
final class ServletWatch {

    static final String RECORD = WsgiServlet.RECORD_ATTRIBUTE;
    static final String UNLOGGED = WsgiServlet.UNLOGGED_ATTRIBUTE;

    private final String backend;
    private final String threading;
    private final List<ServerListener> listeners;
    private final boolean accessLog;
    private final LongAdder inFlight = new LongAdder();

    /**
     * @param backend null: named after the container, as it says at the first request
     * @param accessLog whether the backend's access log wants the record
     */
    ServletWatch(String backend, String threading, List<ServerListener> listeners, boolean accessLog) {
        this.backend = backend;
        this.threading = threading;
        this.listeners = listeners;
        this.accessLog = accessLog;
    }

    /** Whether anything wants a {@link RequestRecord} of each request (the JFR event aside). */
    boolean watched() {
        return accessLog || !listeners.isEmpty();
    }

    /** {@code jetty}, {@code tomcat}, or the container's server info: a WAR's backend. */
    static String backendOf(String serverInfo) {
        String info = serverInfo == null ? "" : serverInfo.toLowerCase(Locale.ROOT);
        return info.startsWith("jetty") ? "jetty" : info.contains("tomcat") ? "tomcat" : serverInfo;
    }

    String backend(HttpServletRequest request) {
        return backend != null ? backend : backendOf(request.getServletContext().getServerInfo());
    }

    void begun() {
        inFlight.increment();
    }

    void ended() {
        inFlight.decrement();
    }

    int inFlight() {
        return inFlight.intValue();
    }

    static String connectionId(HttpServletRequest request) {
        ServletConnection c = request.getServletConnection();
        return c == null ? null : c.getConnectionId();
    }

    /** The record of a request the bridge answered; leaves it on {@code request} for the access log. */
    RequestRecord record(HttpServletRequest request, Map<String, Object> environ, long began, BridgeResponse bridge,
            BridgeInput input, String requestId, boolean endpoint, boolean logged) {
        ResponseCore core = bridge.core();
        int status = core.committed() ? core.status() : core.failure() != null && !core.isBroken()
                ? core.errorStatus() : 0;
        long took = System.nanoTime() - began;
        Object route = environ.get(Environ.JWSGI_ROUTE);
        RequestRecord r = new RequestRecord(System.currentTimeMillis() - took / 1_000_000, took,
                request.getRemoteAddr(), request.getMethod(), target(request),
                request.getProtocol(), status, input.bytesRead(), core.bodyBytes(), request.getHeader("Referer"),
                request.getHeader("User-Agent"), backend(request), threading, connectionId(request), requestId,
                route instanceof String s ? s : null, core.failure(), endpoint);
        request.setAttribute(RECORD, r);
        if (!logged) {
            request.setAttribute(UNLOGGED, Boolean.TRUE);
        }
        ServerListener.tell(listeners, r);
        return r;
    }

    /** The raw request-target: the application may have changed the environ's REQUEST_URI. */
    private static String target(HttpServletRequest request) {
        String query = request.getQueryString();
        return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
    }

    /** A request the bridge refused ({@code maxBodyBytes}): the JFR event {@code org.jwsgi.RequestRefused}. */
    void refused(HttpServletRequest request, int status, String limit, String reason) {
        ConnectionEvents.refused(backend(request), connectionId(request), request.getRemoteAddr(), status, limit, reason);
    }
}
