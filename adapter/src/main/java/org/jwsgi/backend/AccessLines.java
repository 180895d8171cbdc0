package org.jwsgi.backend;

import java.util.function.Supplier;
import org.jwsgi.gateway.AccessLogFormat;
import org.jwsgi.gateway.RequestRecord;

/**
 * What Jetty's and Tomcat's request logs share: the line of a request the container finished, in
 * jwsgi's format, to {@code System.Logger} {@code org.jwsgi.access} at INFO. The bridge's record
 * when it left one (a request attribute), so the line matches the JFR event and the metrics;
 * else the container's own, for a request it answered itself; nothing for a server endpoint that
 * is not logged.
 */
final class AccessLines {

    private static final System.Logger ACCESS = System.getLogger("org.jwsgi.access");

    private AccessLines() {
    }

    /**
     * @param unlogged the request's {@code WsgiServlet.UNLOGGED_ATTRIBUTE}
     * @param bridged the request's {@code WsgiServlet.RECORD_ATTRIBUTE}
     * @param own the container's record of the request, made only when needed
     */
    static void log(AccessLogFormat format, Object unlogged, Object bridged, Supplier<RequestRecord> own) {
        if (unlogged != null || !ACCESS.isLoggable(System.Logger.Level.INFO)) {
            return;
        }
        ACCESS.log(System.Logger.Level.INFO, format.format(bridged instanceof RequestRecord r ? r : own.get()));
    }
}
