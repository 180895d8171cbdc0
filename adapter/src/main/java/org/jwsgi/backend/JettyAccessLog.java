package org.jwsgi.backend;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.jwsgi.gateway.AccessLogFormat;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.servlet.WsgiServlet;

/**
 * Jetty's request log in jwsgi's formats, through {@code System.Logger} {@code org.jwsgi.access}
 * at INFO: the bridge's {@link RequestRecord} of the request when it left one (so the line matches
 * the JFR event and the metrics), else one made from what Jetty knows, for the requests Jetty
 * answered itself (a malformed request, a 431).
 */
final class JettyAccessLog implements RequestLog {

    private static final System.Logger ACCESS = System.getLogger("org.jwsgi.access");

    private final AccessLogFormat format;
    private final String threading;

    JettyAccessLog(AccessLogFormat format, String threading) {
        this.format = format;
        this.threading = threading;
    }

    @Override
    public void log(Request request, Response response) {
        if (request.getAttribute(WsgiServlet.UNLOGGED_ATTRIBUTE) != null || !ACCESS.isLoggable(System.Logger.Level.INFO)) {
            return;
        }
        RequestRecord r = request.getAttribute(WsgiServlet.RECORD_ATTRIBUTE) instanceof RequestRecord bridged
                ? bridged : record(request, response);
        ACCESS.log(System.Logger.Level.INFO, format.format(r));
    }

    private RequestRecord record(Request request, Response response) {
        return new RequestRecord(Request.getTimeStamp(request), NanoTime.since(request.getBeginNanoTime()),
                Request.getRemoteAddr(request), request.getMethod(), request.getHttpURI().getPathQuery(),
                request.getConnectionMetaData().getProtocol(), response.getStatus(),
                Request.getContentBytesRead(request), Response.getContentBytesWritten(response),
                request.getHeaders().get(HttpHeader.REFERER), request.getHeaders().get(HttpHeader.USER_AGENT),
                "jetty", threading, request.getConnectionMetaData().getId(), null, null, null, false);
    }
}
