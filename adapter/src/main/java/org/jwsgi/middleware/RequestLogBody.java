package org.jwsgi.middleware;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jwsgi.Environ;

/**
 * One request through {@link RequestLog}: what it saw (status, bytes), and the body that logs
 * when closed. The request's keys are copied at the call, so what an inner application does to
 * its environ does not change the line.
 */
final class RequestLogBody {

    private final RequestLog owner;
    private final Map<String, Object> request = new HashMap<>();
    private final long startNanos = System.nanoTime();
    int status;
    long bytes;
    private boolean ended;

    RequestLogBody(RequestLog owner, Map<String, Object> environ) {
        this.owner = owner;
        for (String key : List.of(Environ.REMOTE_ADDR, Environ.REQUEST_METHOD, Environ.SCRIPT_NAME, Environ.PATH_INFO,
                Environ.QUERY_STRING)) {
            request.put(key, environ.get(key));
        }
    }

    /** Logs, the first time only. */
    void end(Throwable failure) {
        if (!ended) {
            ended = true;
            owner.emit(request, status, bytes, startNanos, failure);
        }
    }

    Iterable<byte[]> wrap(Iterable<byte[]> body) {
        if (body instanceof Collection<?> chunks) {
            bytes += RequestLog.total(chunks);
            return new InMemory(body, chunks);
        }
        return new Streamed(body);
    }

    /** Closes the application's body once, then logs (with what close() threw, if anything). */
    private void close(Iterable<byte[]> body, Throwable failure) throws Exception {
        try {
            Bodies.close(body);
        } catch (Exception | Error e) {
            end(failure != null ? failure : e);
            throw e;
        }
        end(failure);
    }

    /** Still a {@link Collection}, so a server still knows the length up front. */
    private final class InMemory extends AbstractCollection<byte[]> implements AutoCloseable {
        private final Iterable<byte[]> inner;
        private final Collection<?> chunks;

        InMemory(Iterable<byte[]> inner, Collection<?> chunks) {
            this.inner = inner;
            this.chunks = chunks;
        }

        @Override
        public Iterator<byte[]> iterator() {
            return inner.iterator();
        }

        @Override
        public int size() {
            return chunks.size();
        }

        @Override
        public void close() throws Exception {
            if (!ended) {
                RequestLogBody.this.close(inner, null);
            }
        }
    }

    private final class Streamed implements Iterable<byte[]>, AutoCloseable {
        private final Iterable<byte[]> inner;
        private Throwable failure;

        Streamed(Iterable<byte[]> inner) {
            this.inner = inner;
        }

        @Override
        public Iterator<byte[]> iterator() {
            Iterator<byte[]> it = inner.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    try {
                        return it.hasNext();
                    } catch (Throwable t) {
                        failure = t;
                        throw t; // precise rethrow: only what the iterator can throw
                    }
                }

                @Override
                public byte[] next() {
                    try {
                        byte[] chunk = it.next();
                        bytes += chunk == null ? 0 : chunk.length;
                        return chunk;
                    } catch (Throwable t) {
                        failure = t;
                        throw t; // precise rethrow: only what the iterator can throw
                    }
                }
            };
        }

        @Override
        public void close() throws Exception {
            if (!ended) {
                RequestLogBody.this.close(inner, failure);
            }
        }
    }
}
