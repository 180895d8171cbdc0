package org.jwsgi.backend;

import java.util.function.Supplier;
import org.jwsgi.gateway.AccessLog;
import org.jwsgi.gateway.AccessLogFormat;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.options.ServerOptions;

/**
 * What Jetty's and Tomcat's request logs share: the line of a request the container finished, in
 * jwsgi's format. The bridge's record when it left one (a request attribute), so the line matches
 * the JFR event and the metrics; else the container's own, for a request it answered itself;
 * nothing for a server endpoint that is not logged. Without a sink the line goes to
 * {@code System.Logger} {@code org.jwsgi.access} at INFO from the request's thread; with one, the
 * record is queued for an {@link AccessLog} that formats and writes it off the request path
 * ({@link #close()} writes the last lines once the container has stopped).
 */
final class AccessLines {

    private static final System.Logger ACCESS = System.getLogger("org.jwsgi.access");

    private final AccessLogFormat format;
    /** The background writer; null: System.Logger. */
    private final AccessLog writer;

    private AccessLines(AccessLogFormat format, AccessLog writer) {
        this.format = format;
        this.writer = writer;
    }

    /** The access log {@code o} asks for, to {@code sink} (null: System.Logger); null when it is off. */
    static AccessLines of(ServerOptions o, AccessLogSink sink) {
        if (!o.accessLog()) {
            return null;
        }
        return new AccessLines(o.accessLogFormat(), sink == null ? null
                : AccessLog.start(sink, o.accessLogFormat(), AccessLog.DEFAULT_CAPACITY, AccessLog.WhenFull.BLOCK));
    }

    /**
     * @param unlogged the request's {@code WsgiServlet.UNLOGGED_ATTRIBUTE}
     * @param bridged the request's {@code WsgiServlet.RECORD_ATTRIBUTE}
     * @param own the container's record of the request, made only when needed
     */
    void log(Object unlogged, Object bridged, Supplier<RequestRecord> own) {
        if (unlogged != null) {
            return;
        }
        if (writer != null) {
            writer.log(bridged instanceof RequestRecord r ? r : own.get());
        } else if (ACCESS.isLoggable(System.Logger.Level.INFO)) {
            ACCESS.log(System.Logger.Level.INFO, format.format(bridged instanceof RequestRecord r ? r : own.get()));
        }
    }

    /** The container has stopped: the writer writes what is queued and closes its sink. */
    void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
