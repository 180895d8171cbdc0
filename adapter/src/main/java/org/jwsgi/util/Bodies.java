package org.jwsgi.util;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;

/** What the middleware in this package share: closing a body once, small plain-text answers. */
final class Bodies {

    private Bodies() {
    }

    /** Closes {@code body} if it is {@link AutoCloseable}; the caller makes sure this runs once. */
    static void close(Iterable<byte[]> body) throws Exception {
        if (body instanceof AutoCloseable c) {
            c.close();
        }
    }

    /**
     * A short {@code text/plain} answer with its Content-Length (an in-memory body, so servers
     * know its length). The message is ASCII-safe: callers quote what came from the request.
     */
    static Iterable<byte[]> text(StartResponse sr, String status, String message, Header... extra) {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        List<Header> headers = new java.util.ArrayList<>(List.of(
                new Header("Content-Type", "text/plain; charset=utf-8"),
                new Header("Content-Length", Integer.toString(bytes.length))));
        headers.addAll(List.of(extra));
        sr.start(status, headers);
        return List.of(bytes);
    }

    /** {@code SCRIPT_NAME + PATH_INFO} quoted back to URL form, for messages and logs. */
    static String path(Map<String, Object> environ) {
        return Uris.quote(str(environ, Environ.SCRIPT_NAME) + str(environ, Environ.PATH_INFO), "/;=,");
    }

    static String str(Map<String, Object> environ, String key) {
        Object v = environ.get(key);
        return v == null ? "" : v.toString();
    }

    /**
     * The first {@code limit} bytes of {@code body}, closing it when closed: a byte range of a
     * body some other {@code wsgi.file_wrapper} made (jwsgi's own makes a {@code FileBody},
     * limited with {@code FileBody.limit} instead, so it keeps its zero-copy path).
     */
    static Iterable<byte[]> limit(Iterable<byte[]> body, long limit) {
        return new Limited(body, limit);
    }

    private static final class Limited implements Iterable<byte[]>, AutoCloseable {
        private final Iterable<byte[]> inner;
        private final long limit;
        private boolean closed;

        Limited(Iterable<byte[]> inner, long limit) {
            this.inner = inner;
            this.limit = limit;
        }

        @Override
        public Iterator<byte[]> iterator() {
            Iterator<byte[]> it = inner.iterator();
            return new Iterator<>() {
                private long left = limit;

                @Override
                public boolean hasNext() {
                    return left > 0 && it.hasNext();
                }

                @Override
                public byte[] next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    byte[] chunk = it.next();
                    if (chunk.length > left) {
                        chunk = java.util.Arrays.copyOf(chunk, (int) left);
                    }
                    left -= chunk.length;
                    return chunk;
                }
            };
        }

        @Override
        public void close() throws Exception {
            if (!closed) {
                closed = true;
                Bodies.close(inner);
            }
        }
    }
}
