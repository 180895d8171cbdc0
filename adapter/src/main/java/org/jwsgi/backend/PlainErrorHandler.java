package org.jwsgi.backend;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jwsgi.gateway.ErrorPage;

/**
 * Jetty's answer to a request it refuses itself (a URI its compliance rules reject, a Host that
 * disagrees with the target, a malformed head), given the bundled server's way: the
 * {@link ErrorPage} in plain text and {@code Connection: close}. Jetty would keep the connection
 * of a request whose framing was sound (invariant 4 closes it on every backend) and send an HTML
 * page.
 */
final class PlainErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int code = response.getStatus();
        String message = (String) request.getAttribute(ERROR_MESSAGE);
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException e) {
            code = e.getCode();
            message = message != null ? message : e.getReason();
        }
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        if (HttpStatus.hasNoBody(code)) {
            callback.succeeded();
            return true;
        }
        byte[] body = ErrorPage.body(code, code >= 500 ? null : message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ErrorPage.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ErrorPage.CONTENT_TYPE);
        return ByteBuffer.wrap(ErrorPage.body(status, status >= 500 ? null : reason));
    }
}
