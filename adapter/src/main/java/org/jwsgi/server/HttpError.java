package org.jwsgi.server;

/**
 * A request the server refuses before (or instead of) calling the application: the status to
 * send and a message that names the rule or the option that tripped. The connection closes
 * after the error response.
 */
final class HttpError extends Exception {

    private final int status;
    private final String limit;

    HttpError(int status, String message) {
        this(status, null, message);
    }

    /** @param limit the option that tripped ({@code maxHeaderBytes}), or null for a malformed request */
    HttpError(int status, String limit, String message) {
        super(message, null, false, false); // expected on bad input: no stack trace to fill
        this.status = status;
        this.limit = limit;
    }

    int status() {
        return status;
    }

    /** The option that tripped, or null: what the JFR event {@code org.jwsgi.RequestRefused} names. */
    String limit() {
        return limit;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }
}
