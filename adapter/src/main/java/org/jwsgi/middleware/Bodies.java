package org.jwsgi.middleware;

/** What the middleware in this package share: closing the body they wrap. */
final class Bodies {

    private Bodies() {
    }

    /** Closes {@code body} if it is {@link AutoCloseable}; the caller makes sure this runs once. */
    static void close(Iterable<byte[]> body) throws Exception {
        if (body instanceof AutoCloseable c) {
            c.close();
        }
    }
}
