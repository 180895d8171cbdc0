package org.jwsgi.python;

import java.util.concurrent.Semaphore;

/**
 * How virtual threads enter a shared GraalPy context without stalling it. A virtual thread that
 * waits for GraalPy's GIL in compiled Python code is pinned to its carrier; once every carrier is
 * held so, the thread the GIL was handed to, unmounted, never gets one, and the server stops
 * (docs/python.md). Virtual threads therefore pass this gate first, which lets in one fewer than
 * the scheduler has carriers: the others wait here, in Java, unmounted, and a carrier stays free
 * for whichever thread the GIL goes to. Fair, so a request waits no longer than those before it.
 * Platform threads pass freely: they hold no carrier. A thread already inside passes again (a body
 * closed while the call that made it is still running). A context serving one request at a time
 * (the pool model) needs no gate.
 *
 * <pre>{@code
 * gate.enter();
 * try {
 *     handle.execute(app, environ);
 * } finally {
 *     gate.exit();
 * }
 * }</pre>
 */
final class CarrierGate {

    private static final CarrierGate NONE = new CarrierGate(null);

    private final Semaphore permits;
    /** How deep the current thread is inside (enter() calls not yet left); 0 outside. */
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    private CarrierGate(Semaphore permits) {
        this.permits = permits;
    }

    /** The gate of a context every server thread enters, sized from the virtual-thread scheduler. */
    static CarrierGate forSharedContext() {
        // the JDK's default scheduler has jdk.virtualThreadScheduler.parallelism carriers (by default
        // one per processor) and adds none for a thread parked while pinned
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
        return withRoom(Math.max(1, carriers - 1));
    }

    /** A gate that lets {@code room} virtual threads in at once. */
    static CarrierGate withRoom(int room) {
        return new CarrierGate(new Semaphore(room, true));
    }

    /** No gate: one thread at a time uses the context anyway. */
    static CarrierGate none() {
        return NONE;
    }

    /** Waits (unmounted) for room if the caller is a virtual thread. */
    void enter() throws InterruptedException {
        if (gated() && cameIn()) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                depth.get()[0]--;
                throw e;
            }
        }
    }

    /** As {@link #enter()}, for what must run even when interrupted: closing a body. */
    void enterUninterruptibly() {
        if (gated() && cameIn()) {
            permits.acquireUninterruptibly();
        }
    }

    /** Leaves; pairs with one {@link #enter()} on the same thread. */
    void exit() {
        if (gated()) {
            int[] d = depth.get();
            if (--d[0] == 0) {
                permits.release();
            }
        }
    }

    /** Counts the current thread one level deeper; true if it was outside. */
    private boolean cameIn() {
        return depth.get()[0]++ == 0;
    }

    private boolean gated() {
        return permits != null && Thread.currentThread().isVirtual();
    }
}
