package org.jwsgi.backend;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.servlet.WsgiServlet;

/**
 * Jetty's request log in jwsgi's formats ({@link AccessLines}): for the requests Jetty answered
 * itself (a malformed request, a 431), a {@link RequestRecord} made from what Jetty knows.
 */
final class JettyAccessLog implements RequestLog {

    private final AccessLines lines;
    private final String threading;

    JettyAccessLog(AccessLines lines, String threading) {
        this.lines = lines;
        this.threading = threading;
    }

    @Override
    public void log(Request request, Response response) {
        lines.log(request.getAttribute(WsgiServlet.UNLOGGED_ATTRIBUTE),
                request.getAttribute(WsgiServlet.RECORD_ATTRIBUTE), () -> record(request, response));
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
