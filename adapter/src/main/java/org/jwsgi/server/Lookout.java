package org.jwsgi.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the loops of a server for work that runs on a loop thread too long: an application that
 * sleeps, computes, or waits for a database while the loop's other connections wait for it. Every
 * {@link #PERIOD_NANOS} it looks at the call each loop is making ({@link EventLoop#runningCall}).
 * A call seen again {@link #WAITING_NANOS} later with its thread waiting in Java (a sleep, a lock,
 * a queue) is stuck; one whose thread runs (it computes, waits in a native call such as a JDBC
 * socket read, or the OS has not scheduled it) is stuck after {@link #RUNNING_NANOS}, long enough
 * that a busy machine preempting the thread is not taken for it. A stuck loop is handed to another
 * thread ({@link EventLoop#takeOver}). Reads and writes of the server hand the loop on themselves
 * before they wait; this catches the waits the server cannot see.
 *
 * <p>It costs nothing per request (it reads one number per loop each period), and sleeps without
 * a timer once the loops have made no call for {@link #QUIET_PERIODS} periods; the next call
 * wakes it ({@link #wake}).
 *
 * <pre>{@code
 * Lookout lookout = new Lookout(loops);
 * lookout.start("jwsgi-lookout-8000");
 * }</pre>
 */
final class Lookout {

    /** How often the loops are looked at while they work. */
    static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long a call may keep its loop thread waiting in Java before the loop is handed on. */
    static final long WAITING_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long a call may keep its loop thread running (or in a native call) before the loop is handed on. */
    static final long RUNNING_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Periods without a call before the lookout sleeps until woken. */
    static final int QUIET_PERIODS = 100;

    private final EventLoop[] loops;
    private final long[] seen;
    private final long[] since;
    private volatile boolean asleep;
    private volatile boolean closed;
    private Thread thread;

    Lookout(EventLoop[] loops) {
        this.loops = loops;
        this.seen = new long[loops.length];
        this.since = new long[loops.length];
    }

    void start(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** A loop begins a call: wakes the lookout if it sleeps (a volatile read otherwise). */
    void wake() {
        if (asleep) {
            asleep = false;
            LockSupport.unpark(thread);
        }
    }

    void close() {
        closed = true;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        int quiet = 0;
        while (!closed) {
            if (look()) {
                quiet = 0;
            } else if (++quiet >= QUIET_PERIODS) {
                quiet = 0;
                asleep = true;
                if (!anyCall()) { // checked after saying so: a loop that begins a call now sees it and wakes us
                    LockSupport.park(this);
                }
                asleep = false;
                continue;
            }
            LockSupport.parkNanos(this, PERIOD_NANOS);
        }
    }

    /** One look at every loop; whether any was making a call. */
    private boolean look() {
        long now = System.nanoTime();
        boolean busy = false;
        for (int i = 0; i < loops.length; i++) {
            long call = loops[i].runningCall();
            if (call == 0) {
                seen[i] = 0;
                continue;
            }
            busy = true;
            if (call != seen[i]) {
                seen[i] = call;
                since[i] = now;
            } else if (now - since[i] >= RUNNING_NANOS
                    || now - since[i] >= WAITING_NANOS && loops[i].holderWaiting()) {
                loops[i].takeOver(call);
                seen[i] = 0;
            }
        }
        return busy;
    }

    private boolean anyCall() {
        for (EventLoop loop : loops) {
            if (loop.runningCall() != 0) {
                return true;
            }
        }
        return false;
    }
}
