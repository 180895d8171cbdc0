package org.jwsgi.server;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Reusable byte arrays of one size, shared by the connections of one server, so that a keep-alive
 * connection waiting for its next request holds no I/O buffer: it takes one when a request
 * arrives and gives it back when the response is out. Bounded: at most {@code capacity} arrays
 * wait here; more are left to the garbage collector, fewer are allocated on demand.
 *
 * <pre>{@code
 * BufferPool pool = new BufferPool(16 * 1024, 32);
 * byte[] buf = pool.acquire(hint);
 * try { ... } finally { pool.release(buf, hint); }
 * }</pre>
 *
 * <p>Lock-free: a slot array scanned from a per-caller {@code hint}, so that callers on different
 * threads start on different slots.
 */
final class BufferPool {

    private final int bufferSize;
    private final AtomicReferenceArray<byte[]> slots;

    BufferPool(int bufferSize, int capacity) {
        if (bufferSize <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("bufferSize and capacity must be positive: " + bufferSize + ", " + capacity);
        }
        this.bufferSize = bufferSize;
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /**
     * A pool sized for this machine: a few arrays per core, and at least 64, as requests held up by
     * slow clients (on virtual threads, not bounded by the cores) keep theirs meanwhile.
     */
    static BufferPool forServer(int bufferSize) {
        return new BufferPool(bufferSize, Math.max(64, 8 * Runtime.getRuntime().availableProcessors()));
    }

    int bufferSize() {
        return bufferSize;
    }

    /** An array of {@link #bufferSize()} bytes, pooled or new; its contents are undefined. */
    byte[] acquire(int hint) {
        int n = slots.length();
        int start = Math.floorMod(hint, n);
        for (int i = 0; i < n; i++) {
            int k = start + i < n ? start + i : start + i - n;
            byte[] b = slots.get(k);
            if (b != null && slots.compareAndSet(k, b, null)) {
                return b;
            }
        }
        return new byte[bufferSize];
    }

    /** Gives {@code b} back; the caller must not touch it afterwards. Arrays of another size are dropped. */
    void release(byte[] b, int hint) {
        if (b == null || b.length != bufferSize) {
            return;
        }
        int n = slots.length();
        int start = Math.floorMod(hint, n);
        for (int i = 0; i < n; i++) {
            int k = start + i < n ? start + i : start + i - n;
            if (slots.get(k) == null && slots.compareAndSet(k, null, b)) {
                return;
            }
        }
    }

    /** How many arrays wait in the pool now (for tests). */
    int pooled() {
        int count = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                count++;
            }
        }
        return count;
    }
}
