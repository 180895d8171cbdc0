package org.jwsgi.server;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jwsgi.gateway.AccessLog;
import org.jwsgi.gateway.AccessLogFormat;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.gateway.ConnectionEvents;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.gateway.ServerListener;
import org.jwsgi.options.ServerOptions;

/**
 * What the bundled server tells about its requests, one per server: the access log (a line in
 * {@link ServerOptions#accessLogFormat()} to {@code System.Logger} {@code org.jwsgi.access} at
 * INFO, or, given a sink, the record queued for an {@link AccessLog} that formats and writes it
 * off the request path), the {@link ServerListener}s, the JFR refusals, and the count of requests in flight (a
 * {@link LongAdder}: no contention between connections). With the access log off and no listener,
 * a request costs that count and {@link #watched()}, nothing else here.
 */
final class ServerWatch {

    static final String BACKEND = "builtin";
    private static final System.Logger ACCESS = System.getLogger("org.jwsgi.access");

    private final boolean accessLog;
    private final AccessLogFormat format;
    private final List<ServerListener> listeners;
    private final String threading;
    private final LongAdder inFlight = new LongAdder();
    /** Where the access log's background writer writes; null: System.Logger on the request's thread. */
    private final AccessLogSink sink;
    /** The background writer, between {@link #open()} and {@link #close()}; null without a sink. */
    private volatile AccessLog writer;

    ServerWatch(ServerOptions options) {
        this(options, null);
    }

    /** @param sink where the access log goes, through a background writer; null for System.Logger */
    ServerWatch(ServerOptions options, AccessLogSink sink) {
        this.accessLog = options.accessLog();
        this.format = options.accessLogFormat();
        this.listeners = options.listeners();
        this.threading = options.threading().label();
        this.sink = sink;
    }

    /** The server starts: with a sink and the access log on, its writer starts. */
    void open() {
        if (accessLog && sink != null) {
            writer = AccessLog.start(sink, format, AccessLog.DEFAULT_CAPACITY, AccessLog.WhenFull.BLOCK);
        }
    }

    /** The server's connections have ended: the writer writes what is queued and closes the sink. */
    void close() {
        AccessLog w = writer;
        if (w != null) {
            w.close();
        }
    }

    String threading() {
        return threading;
    }

    /** Whether anything wants a {@link RequestRecord} of each request (the JFR event aside). */
    boolean watched() {
        return accessLog || !listeners.isEmpty();
    }

    /** A request reached the application (or a server endpoint). */
    void begun() {
        inFlight.increment();
    }

    /** The request {@link #begun()} has ended. */
    void ended() {
        inFlight.decrement();
    }

    /** Requests in flight now. */
    int inFlight() {
        return inFlight.intValue();
    }

    /** Tells the access log (when {@code logged}) and the listeners of {@code r}. */
    void report(RequestRecord r, boolean logged) {
        if (accessLog && logged) {
            line(r);
        }
        ServerListener.tell(listeners, r);
    }

    /** A request refused before the application: to the access log and the JFR event {@code org.jwsgi.RequestRefused}. */
    void refused(RequestRecord r, String limit, String reason) {
        ConnectionEvents.refused(BACKEND, r.connectionId(), r.remoteAddr(), r.status(), limit, reason);
        if (accessLog) {
            line(r);
        }
    }

    private void line(RequestRecord r) {
        AccessLog w = writer;
        if (w != null) {
            w.log(r); // formatted on the writer's thread
        } else if (ACCESS.isLoggable(System.Logger.Level.INFO)) {
            ACCESS.log(System.Logger.Level.INFO, format.format(r));
        }
    }
}
