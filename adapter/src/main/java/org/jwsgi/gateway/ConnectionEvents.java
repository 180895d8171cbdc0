package org.jwsgi.gateway;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JFR events of connections and refused requests: {@code org.jwsgi.ConnectionOpened},
 * {@code org.jwsgi.ConnectionClosed} and {@code org.jwsgi.RequestRefused}. Each method costs a
 * check and nothing else while its event is not recorded.
 *
 * <pre>{@code
 * ConnectionEvents.opened("builtin", id, remote);
 * ConnectionEvents.refused("builtin", id, remote, 431, "maxHeaderCount", "more than maxHeaderCount=100 header fields");
 * }</pre>
 */
public final class ConnectionEvents {

    private static final Opened OPENED = new Opened();
    private static final Closed CLOSED = new Closed();
    private static final Refused REFUSED = new Refused();

    private ConnectionEvents() {
    }

    /** Whether {@code org.jwsgi.ConnectionOpened} or {@code org.jwsgi.ConnectionClosed} is recorded now. */
    public static boolean recorded() {
        return OPENED.isEnabled() || CLOSED.isEnabled();
    }

    /** A connection was accepted. */
    public static void opened(String backend, String connectionId, String remote) {
        if (OPENED.isEnabled()) {
            Opened e = new Opened();
            e.backend = backend;
            e.connectionId = connectionId;
            e.remoteAddress = remote;
            e.commit();
        }
    }

    /** A connection closed, {@code lifetimeNanos} after it opened. */
    public static void closed(String backend, String connectionId, String remote, long lifetimeNanos) {
        if (CLOSED.isEnabled()) {
            Closed e = new Closed();
            e.backend = backend;
            e.connectionId = connectionId;
            e.remoteAddress = remote;
            e.lifetime = lifetimeNanos;
            e.commit();
        }
    }

    /**
     * A request refused before it reached the application.
     *
     * @param limit the option that tripped ({@code maxHeaderBytes}), or null for a malformed request
     */
    public static void refused(String backend, String connectionId, String remote, int status, String limit,
            String reason) {
        if (REFUSED.isEnabled()) {
            Refused e = new Refused();
            e.backend = backend;
            e.connectionId = connectionId;
            e.remoteAddress = remote;
            e.status = status;
            e.limit = limit;
            e.reason = reason;
            e.commit();
        }
    }

    @Name("org.jwsgi.ConnectionOpened")
    @Label("Connection Opened")
    @Category({"jwsgi", "HTTP"})
    @StackTrace(false)
    static final class Opened extends Event {
        @Label("Backend")
        String backend;
        @Label("Connection Id")
        String connectionId;
        @Label("Remote Address")
        String remoteAddress;
    }

    @Name("org.jwsgi.ConnectionClosed")
    @Label("Connection Closed")
    @Category({"jwsgi", "HTTP"})
    @StackTrace(false)
    static final class Closed extends Event {
        @Label("Backend")
        String backend;
        @Label("Connection Id")
        String connectionId;
        @Label("Remote Address")
        String remoteAddress;
        @Label("Lifetime")
        @Timespan(Timespan.NANOSECONDS)
        long lifetime;
    }

    @Name("org.jwsgi.RequestRefused")
    @Label("Request Refused")
    @Category({"jwsgi", "HTTP"})
    @Description("A request the server refused before the application saw it")
    @StackTrace(false)
    static final class Refused extends Event {
        @Label("Backend")
        String backend;
        @Label("Connection Id")
        String connectionId;
        @Label("Remote Address")
        String remoteAddress;
        @Label("Status")
        int status;
        @Label("Limit")
        @Description("The option that tripped (maxHeaderBytes, maxBodyBytes...), empty for a malformed request")
        String limit;
        @Label("Reason")
        String reason;
    }
}
