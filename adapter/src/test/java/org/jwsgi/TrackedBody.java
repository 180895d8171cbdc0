package org.jwsgi;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A streaming (not in-memory) body that counts its close() calls and can fail at a given chunk,
 * the way a Python generator body would.
 */
public class TrackedBody implements Iterable<byte[]>, AutoCloseable {

    public final AtomicInteger closes = new AtomicInteger();
    public final CountDownLatch closed = new CountDownLatch(1);
    private final List<byte[]> chunks;
    private final int failAt;

    public TrackedBody(List<byte[]> chunks, int failAt) {
        this.chunks = chunks;
        this.failAt = failAt;
    }

    public static TrackedBody of(String... chunks) {
        return new TrackedBody(java.util.Arrays.stream(chunks).map(String::getBytes).toList(), -1);
    }

    /** Yields {@code chunks}, then throws instead of yielding chunk number {@code failAt}. */
    public static TrackedBody failingAt(int failAt, String... chunks) {
        return new TrackedBody(java.util.Arrays.stream(chunks).map(String::getBytes).toList(), failAt);
    }

    @Override
    public Iterator<byte[]> iterator() {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < chunks.size() || i == failAt;
            }

            @Override
            public byte[] next() {
                if (i == failAt) {
                    i++;
                    throw new IllegalStateException("generator failed at chunk " + failAt);
                }
                if (i >= chunks.size()) {
                    throw new NoSuchElementException();
                }
                return chunks.get(i++);
            }
        };
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        closed.countDown();
    }
}
