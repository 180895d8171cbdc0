package org.jwsgi.backend;

import java.io.CharArrayWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.AbstractAccessLogValve;
import org.jwsgi.gateway.AccessLogFormat;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.servlet.WsgiServlet;

/**
 * Tomcat's access log in jwsgi's formats, through {@code System.Logger} {@code org.jwsgi.access}
 * at INFO rather than Tomcat's default of a file in its base directory: the bridge's
 * {@link RequestRecord} of the request when it left one (so the line matches the JFR event and the
 * metrics), else one made from what Tomcat knows, for the requests Tomcat answered itself. On the
 * engine, so those are logged too.
 */
final class AccessLogValve extends AbstractAccessLogValve {

    private static final System.Logger ACCESS = System.getLogger("org.jwsgi.access");

    private final AccessLogFormat format;
    private final String threading;

    AccessLogValve(AccessLogFormat format, String threading) {
        this.format = format;
        this.threading = threading;
    }

    @Override
    public void log(Request request, Response response, long time) {
        if (!getState().isAvailable() || !getEnabled() || request.getAttribute(WsgiServlet.UNLOGGED_ATTRIBUTE) != null
                || !ACCESS.isLoggable(System.Logger.Level.INFO)) {
            return;
        }
        RequestRecord r = request.getAttribute(WsgiServlet.RECORD_ATTRIBUTE) instanceof RequestRecord bridged
                ? bridged : record(request, response);
        ACCESS.log(System.Logger.Level.INFO, format.format(r));
    }

    @Override
    protected void log(CharArrayWriter message) {
        ACCESS.log(System.Logger.Level.INFO, message.toString()); // not reached: log(Request, Response, long) is ours
    }

    private RequestRecord record(Request request, Response response) {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        String query = request.getQueryString();
        String uri = request.getRequestURI();
        jakarta.servlet.ServletConnection connection = request.getServletConnection();
        return new RequestRecord(coyote.getStartTime(), System.nanoTime() - coyote.getStartTimeNanos(),
                request.getRemoteAddr(), request.getMethod() == null ? "" : request.getMethod(),
                uri == null ? "" : query == null ? uri : uri + "?" + query,
                request.getProtocol() == null ? "" : request.getProtocol(), response.getStatus(), coyote.getBytesRead(),
                response.getBytesWritten(false), request.getHeader("Referer"), request.getHeader("User-Agent"), "tomcat",
                threading, connection == null ? null : connection.getConnectionId(), null, null, null, false);
    }
}
