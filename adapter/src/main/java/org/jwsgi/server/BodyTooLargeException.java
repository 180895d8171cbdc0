package org.jwsgi.server;

import java.io.IOException;

/**
 * {@code wsgi.input} throws this when a chunked body grows past {@code maxBodyBytes}; if the
 * application lets it escape before the headers went out, the server answers 413.
 */
final class BodyTooLargeException extends IOException {

    BodyTooLargeException(long limit) {
        super("request body longer than maxBodyBytes=" + limit);
    }
}
