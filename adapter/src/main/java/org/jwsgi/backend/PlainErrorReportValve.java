package org.jwsgi.backend;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.jwsgi.gateway.ErrorPage;

/**
 * Tomcat's error page given the bundled server's way: the {@link ErrorPage} in plain text, the
 * first line of what went wrong for a client error, nothing of it for a 5xx. Tomcat's own
 * {@link ErrorReportValve} answers a body read that failed (a malformed chunk, a trailer over
 * {@code maxTrailerSize}) with an HTML "Exception Report" carrying the exception's stack trace
 * and the server's version. Installed on the host as its error report valve (TomcatServer).
 */
final class PlainErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // as Tomcat's own: nothing for a success, after a body, or twice
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        String detail = status >= 500 ? null : response.getMessage();
        if (detail == null && status < 500 && throwable != null && throwable.getMessage() != null) {
            detail = throwable.getMessage().lines().findFirst().orElse(null);
        }
        String page = new String(ErrorPage.body(status, detail), StandardCharsets.UTF_8);
        try {
            response.setContentType(ErrorPage.CONTENT_TYPE);
            response.setContentLength(page.getBytes(StandardCharsets.UTF_8).length);
            Writer writer = response.getReporter(); // null once the application took the output stream
            if (writer != null) {
                writer.write(page);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot take a body: the status went out, or nothing can
        }
    }
}
