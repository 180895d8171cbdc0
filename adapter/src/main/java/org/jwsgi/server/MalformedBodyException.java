package org.jwsgi.server;

import java.io.IOException;

/**
 * {@code wsgi.input} throws this on a chunked body that breaks RFC 9112 section 7.1, or one cut
 * short by the client; if the application lets it escape before the headers went out, the server
 * answers 400. Either way the connection closes: its framing can no longer be trusted.
 */
final class MalformedBodyException extends IOException {

    MalformedBodyException(String message) {
        super(message);
    }
}
