package org.jwsgi.server;

/**
 * A request the server refuses before (or instead of) calling the application: the status to
 * send and a message that names the rule or the option that tripped. The connection closes
 * after the error response.
 */
final class HttpError extends Exception {

    private final int status;

    HttpError(int status, String message) {
        super(message, null, false, false); // expected on bad input: no stack trace to fill
        this.status = status;
    }

    int status() {
        return status;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }
}
