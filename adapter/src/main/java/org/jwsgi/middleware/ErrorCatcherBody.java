package org.jwsgi.middleware;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * The body {@link ErrorCatcher} returns: iterates the application's body, and if it fails before
 * any byte went out, yields the error page instead; after that, rethrows. Closes the
 * application's body exactly once, when it is closed itself.
 */
final class ErrorCatcherBody implements Iterable<byte[]>, AutoCloseable {

    private final Iterable<byte[]> inner;
    private final boolean[] sent;
    private final Function<Exception, List<byte[]>> page;
    private boolean closed;

    ErrorCatcherBody(Iterable<byte[]> inner, boolean[] sent, Function<Exception, List<byte[]>> page) {
        this.inner = inner;
        this.sent = sent;
        this.page = page;
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            private Iterator<byte[]> it;
            private Iterator<byte[]> replacement;

            @Override
            public boolean hasNext() {
                if (replacement != null) {
                    return replacement.hasNext();
                }
                try {
                    if (it == null) {
                        it = inner.iterator();
                    }
                    return it.hasNext();
                } catch (Exception e) {
                    return fail(e).hasNext();
                }
            }

            @Override
            public byte[] next() {
                if (replacement != null) {
                    return replacement.next();
                }
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (replacement != null) {
                    return replacement.next(); // hasNext() failed over to the page
                }
                try {
                    byte[] chunk = it.next();
                    sent[0] |= chunk != null && chunk.length > 0;
                    return chunk;
                } catch (Exception e) {
                    return fail(e).next();
                }
            }

            private Iterator<byte[]> fail(Exception e) {
                if (sent[0]) {
                    throw ErrorCatcherBody.<RuntimeException>sneaky(e); // too late for a page: the server aborts
                }
                replacement = page.apply(e).iterator();
                return replacement;
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

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t; // as it was thrown, checked or not
    }
}
