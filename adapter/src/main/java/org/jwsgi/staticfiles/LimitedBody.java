package org.jwsgi.staticfiles;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The first {@code limit} bytes of a body, closing it when closed: a byte range of a body some
 * other {@code wsgi.file_wrapper} made (jwsgi's own makes a {@code FileBody}, which
 * {@code FileBody.limit} cuts instead, keeping its sendfile path).
 */
final class LimitedBody implements Iterable<byte[]>, AutoCloseable {

    private final Iterable<byte[]> inner;
    private final long limit;
    private boolean closed;

    LimitedBody(Iterable<byte[]> inner, long limit) {
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
                    chunk = Arrays.copyOf(chunk, (int) left);
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
            if (inner instanceof AutoCloseable c) {
                c.close();
            }
        }
    }
}
