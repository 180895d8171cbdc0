package org.jwsgi.gateway;

import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * What {@code wsgi.input} throws, on every jwsgi server, when the client is at fault: a body that
 * breaks its framing or ends early ({@code 400}), or one that goes past {@code maxBodyBytes}
 * ({@code 413}). A body that stops arriving throws {@link SocketTimeoutException} instead
 * ({@code 408}). If the application lets either escape before its headers went out, the server
 * answers that status with {@link ErrorPage}, not 500, and closes the connection.
 *
 * <pre>{@code
 * try {
 *     upload = input.readAllBytes();
 * } catch (RequestBodyException e) {
 *     return Responses.text(startResponse, e.status() + " " + ErrorPage.reason(e.status()), e.getMessage());
 * }
 * }</pre>
 */
public final class RequestBodyException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int status;

    private RequestBodyException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** {@code 400}: the body breaks its framing (RFC 9112) or the client closed before its end; safe to show the client. */
    public static RequestBodyException malformed(String message) {
        return new RequestBodyException(400, message, null);
    }

    /**
     * {@code 400} for a read the socket or a container failed in its own terms (a reset, a
     * container's parse error): the client is told only that the body ended early or could not be
     * read; {@code cause} is for the log.
     */
    public static RequestBodyException unreadable(Throwable cause) {
        return new RequestBodyException(400, "the request body ended early or could not be read", cause);
    }

    /** {@code 413}: the body went past {@code maxBodyBytes}. */
    public static RequestBodyException tooLarge(long limit) {
        return new RequestBodyException(413, "request body longer than maxBodyBytes=" + limit, null);
    }

    /** The status a server answers when this escapes the application: 400 or 413. */
    public int status() {
        return status;
    }

    /**
     * The status a server answers when {@code failure} escapes an application whose
     * {@code wsgi.input} has (if {@code inputFailed}) or has not failed: this exception's own, 408
     * for a body read that timed out, 400 for another failed read the application wrapped or let
     * through; 500 for anything else: the application's own fault.
     */
    public static int statusOf(Throwable failure, boolean inputFailed) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyException e) {
                return e.status;
            }
        }
        if (!inputFailed) {
            return 500;
        }
        return failure instanceof SocketTimeoutException ? 408 : 400;
    }
}
