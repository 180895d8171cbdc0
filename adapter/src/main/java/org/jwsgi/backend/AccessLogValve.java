package org.jwsgi.backend;

import java.io.CharArrayWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.AbstractAccessLogValve;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.servlet.WsgiServlet;

/**
 * Tomcat's access log in jwsgi's formats ({@link AccessLines}) rather than Tomcat's default of a
 * file in its base directory; on the engine, so the requests Tomcat answers itself are logged too,
 * with a {@link RequestRecord} made from what Tomcat knows.
 */
final class AccessLogValve extends AbstractAccessLogValve {

    private final AccessLines lines;
    private final String threading;

    AccessLogValve(AccessLines lines, String threading) {
        this.lines = lines;
        this.threading = threading;
    }

    @Override
    public void log(Request request, Response response, long time) {
        if (getState().isAvailable() && getEnabled()) {
            lines.log(request.getAttribute(WsgiServlet.UNLOGGED_ATTRIBUTE),
                    request.getAttribute(WsgiServlet.RECORD_ATTRIBUTE), () -> record(request, response));
        }
    }

    @Override
    protected void log(CharArrayWriter message) {
        // not reached: log(Request, Response, long) above writes the line
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
