package org.jwsgi.gateway;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
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

    private ConnectionEvents() {
    }

    /**
     * Whether JFR has started in this JVM (a recording from {@code -XX:StartFlightRecording} or
     * {@code jcmd JFR.start}). Until it has, no jwsgi event class is touched: on Java 17 the first
     * event class to initialize sets up JFR's metadata, about 150 ms at the first connection of a
     * server that records nothing.
     */
    public static boolean jfrStarted() {
        return FlightRecorder.isInitialized();
    }

    /** Whether {@code org.jwsgi.ConnectionOpened} or {@code org.jwsgi.ConnectionClosed} is recorded now. */
    public static boolean recorded() {
        return jfrStarted() && (Probes.OPENED.isEnabled() || Probes.CLOSED.isEnabled());
    }

    /** A begun {@link RequestEvent} when {@code org.jwsgi.Request} is recorded now, else null. */
    public static RequestEvent request() {
        return jfrStarted() ? RequestEvent.start() : null;
    }

    /** A connection was accepted. */
    public static void opened(String backend, String connectionId, String remote) {
        if (jfrStarted() && Probes.OPENED.isEnabled()) {
            Opened e = new Opened();
            e.backend = backend;
            e.connectionId = connectionId;
            e.remoteAddress = remote;
            e.commit();
        }
    }

    /** A connection closed, {@code lifetimeNanos} after it opened. */
    public static void closed(String backend, String connectionId, String remote, long lifetimeNanos) {
        if (jfrStarted() && Probes.CLOSED.isEnabled()) {
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
        if (jfrStarted() && Probes.REFUSED.isEnabled()) {
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

    /** Asked whether each event type is recorded; initialized (with JFR's metadata) at the first question. */
    private static final class Probes {
        static final Opened OPENED = new Opened();
        static final Closed CLOSED = new Closed();
        static final Refused REFUSED = new Refused();
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
