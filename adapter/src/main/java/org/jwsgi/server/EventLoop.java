package org.jwsgi.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jwsgi.server.ConnectionHandler.Session;
import org.jwsgi.server.ConnectionHandler.Step;

/**
 * One selector and the connections registered with it, run by whichever thread holds the loop.
 *
 * <p><b>Eat what you find, hand off only when it waits.</b> The thread holding the loop selects,
 * then serves each ready connection itself: it reads what arrived ({@link Session#readable}) and,
 * when that is a complete request, runs it at once ({@link Session#run}) on the same thread, as
 * Jetty runs a non-blocking handler on its selector thread. No thread is woken for such a request.
 * The loop changes hands only when the work it runs has to wait:
 * <ul>
 *   <li>a read or write of that work finds the client not ready ({@link Connection}'s waits call
 *       {@link #aboutToWait}): the loop is handed to a spare thread before the wait, which then
 *       serves the rest of the selected connections and selects again;</li>
 *   <li>the work runs too long (the app sleeps, computes, or calls a database; see {@link Lookout}):
 *       the {@link Lookout} hands the loop on, and the thread that was running it finishes that
 *       connection as a worker would;</li>
 *   <li>a request whose body is still arriving ({@link Step#RUN_BLOCKING}) never runs on the loop:
 *       it goes to a worker of the threading model at once.</li>
 * </ul>
 * Work that had to wait, or streamed its response for {@link #STREAMED_NANOS} or longer on the
 * loop, teaches the loop: that connection's requests go to the workers for
 * {@link #COOLDOWN_NANOS} (and again each time one of them runs {@link Lookout#WAITING_NANOS} or
 * longer there), and when work waits on the loop twice within a cooldown, every request does. So
 * an app that blocks now and then stalls the loop's other connections at most about once a
 * second, a few milliseconds each time; one that blocks on every request, or streams many flushed
 * chunks, costs one hand-off per request (what a thread-per-request server always pays) and uses
 * the other cores; and quick requests keep running on the loop beside them.
 *
 * <p>Connections are in one of three states ({@link Connection#IDLE}, {@code BUSY},
 * {@code DISARMED}): the loop owns an idle one; a busy one belongs to the thread running its
 * session, which the loop wakes when bytes arrive for it. Who changes what is in
 * {@link #readableWhileBusy} and {@link #handBack}.
 *
 * <p>With {@link org.jwsgi.options.Threading#SINGLE} there is one loop, one thread, no spare and no
 * worker: everything runs on the loop thread, and a wait selects for its one connection
 * ({@link #awaitOwn}); the socket layer lets only one connection in at a time.
 */
final class EventLoop {

    private static final System.Logger LOG = System.getLogger(SocketServer.class.getName());
    /** How often waiting connections are checked for their deadline: the precision of the timeouts. */
    static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** After work had to wait, how long requests go to the workers before the loop runs them again. */
    static final long COOLDOWN_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * A response written in {@link #STREAMED_WRITES} or more pieces (flushed chunks, each a system
     * call) that kept the loop this long sends its connection's requests to the workers for a
     * cooldown: the loop's other connections would wait as long each time, and a worker can write
     * from another core. Only streamed responses: an app that computes long and answers in one
     * write stays on the loop (the lookout hands the loop on after {@link Lookout#RUNNING_NANOS}),
     * since moving it would gain nothing where one lock orders the work anyway (jwsgi-python's
     * shared model: GraalPy's GIL). A hello-world exchange takes about 10 µs of the loop.
     */
    static final long STREAMED_NANOS = TimeUnit.MICROSECONDS.toNanos(250);
    /** How many writes make a response streamed, for {@link #STREAMED_NANOS}. */
    static final int STREAMED_WRITES = 4;

    private final SocketServer server;
    private final ConnectionHandler handler;
    private final Selector selector;
    private final String name;
    private final boolean single;
    private final Queue<Connection> incoming = new ConcurrentLinkedQueue<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** The number of the session call the holder is making, 0 when none (read by the lookout). */
    private final AtomicLong call = new AtomicLong();
    private final CountDownLatch ended = new CountDownLatch(1);
    /** The last number given to a call; holder only (published with the loop when it changes hands). */
    private long calls;
    private volatile Thread holder;
    /** When work on the loop last had to wait ({@link System#nanoTime()}). */
    private volatile long blockedAt;
    /** Until when every request goes to the workers: work on the loop waited twice within a cooldown. */
    private volatile long cooldownUntil;
    private volatile boolean closing;
    private boolean stopSeen;
    // the selected connections not yet served; holder only
    private Connection[] batch = new Connection[64];
    private int[] readyOps = new int[64];
    private int size;
    private int cursor;
    private long now;
    private long nextSweep;

    EventLoop(SocketServer server, ConnectionHandler handler, String name, boolean single) throws IOException {
        this.server = server;
        this.handler = handler;
        this.name = name;
        this.single = single;
        this.selector = Selector.open();
        this.blockedAt = System.nanoTime() - COOLDOWN_NANOS - 1;
        this.cooldownUntil = blockedAt;
    }

    String name() {
        return name;
    }

    boolean single() {
        return single;
    }

    /** The number of the session call the loop's holder is making now, 0 if none. */
    long runningCall() {
        return call.get();
    }

    /** Whether the thread holding the loop is waiting or blocked in Java (a sleep, a lock, a queue). */
    boolean holderWaiting() {
        Thread t = holder;
        if (t == null) {
            return false;
        }
        Thread.State state = t.getState();
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
    }

    /** Hands a new connection to this loop (any thread). */
    void register(Connection c) {
        incoming.add(c);
        selector.wakeup();
    }

    /** Asks the loop to notice that the server is stopping (any thread). */
    void wakeForStop() {
        selector.wakeup();
    }

    /**
     * Runs the loop on the calling thread until the loop is handed on (the thread returns to its
     * pool) or closed.
     */
    void lead() {
        holder = Thread.currentThread();
        try {
            while (true) {
                if (cursor == size) {
                    if (closing) {
                        end();
                        return;
                    }
                    select();
                    continue;
                }
                Connection c = batch[cursor];
                int ops = readyOps[cursor];
                batch[cursor++] = null;
                if (!handle(c, ops)) {
                    return; // the loop changed hands while this thread ran c: it is someone else's now
                }
            }
        } catch (ClosedSelectorException e) {
            end(); // closed under us at the end of a stop
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(Level.ERROR, name + " failed; its connections are closed", e);
            end();
        }
    }

    private void select() throws IOException {
        size = 0;
        cursor = 0;
        long timeout = connections.isEmpty() ? 0
                : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextSweep - System.nanoTime()));
        selector.select(this::collect, timeout);
        registerIncoming();
        now = System.nanoTime();
        if (server.stopping() && !stopSeen) {
            stopSeen = true;
            nextSweep = now; // mark the idle connections now: closeIdle()
        }
        if (now - nextSweep >= 0) {
            nextSweep = now + SWEEP_NANOS;
            sweep();
        }
    }

    private void collect(SelectionKey key) {
        if (size == batch.length) {
            batch = Arrays.copyOf(batch, size * 2);
            readyOps = Arrays.copyOf(readyOps, size * 2);
        }
        batch[size] = (Connection) key.attachment();
        readyOps[size++] = key.readyOps();
    }

    private void registerIncoming() {
        for (Connection c; (c = incoming.poll()) != null; ) {
            try {
                c.key = c.channel().register(selector, SelectionKey.OP_READ, c);
                connections.add(c);
                c.session = handler.open(c);
                c.idleWait = true;
                c.state(Connection.IDLE); // even in a stop: the acceptor drained it from the backlog, to serve it
            } catch (IOException | RuntimeException e) { // closed meanwhile (a reset), or open() failed
                LOG.log(e instanceof IOException ? Level.DEBUG : Level.ERROR, c + ": cannot be served", e);
                c.close();
            }
        }
    }

    /** Serves one selected connection; false if the loop changed hands meanwhile. */
    private boolean handle(Connection c, int ops) {
        if (c.closed()) {
            return true;
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            interest(c, SelectionKey.OP_WRITE, false);
            c.wakeWriter();
        }
        if ((ops & SelectionKey.OP_READ) == 0) {
            return true;
        }
        if (c.state() != Connection.IDLE && readableWhileBusy(c)) {
            return true;
        }
        return serve(c);
    }

    /**
     * Bytes arrived for a connection whose session another thread runs: wake it if it waits for
     * them; else stop watching the socket (it stays readable until that thread reads, and would
     * be reported at every select), and say so in its state, so whoever waits next watches again.
     *
     * @return false if the connection turned out to be idle (handed back meanwhile): serve it
     */
    private boolean readableWhileBusy(Connection c) {
        if (c.wakeReader()) {
            return true;
        }
        c.key.interestOpsAnd(~SelectionKey.OP_READ);
        if (c.casState(Connection.BUSY, Connection.DISARMED)) {
            c.wakeReader(); // a reader that came meanwhile saw BUSY and parked: it must not wait
            return true;
        }
        if (c.state() == Connection.IDLE) {
            // handed back before it could see us: the loop owns it again, and bytes are there
            c.key.interestOpsOr(SelectionKey.OP_READ);
            return false;
        }
        return true; // DISARMED already: a report from before the interest change took effect
    }

    /** Reads what arrived for the idle connection {@code c} and runs what is ready, here if it may. */
    private boolean serve(Connection c) {
        c.state(Connection.BUSY);
        c.idleAtStop = false;
        long n = ++calls;
        c.loopCall = n;
        call.set(n);
        server.lookoutAwake();
        Step step = readable(c);
        long start = step == Step.RUN ? System.nanoTime() : 0;
        int writes = c.writes;
        boolean ran = false;
        while (step == Step.RUN && c.loopCall != 0 && inlineAllowed(c) && server.tryEnter()) {
            ran = true;
            try {
                step = run(c);
            } finally {
                server.leave();
            }
        }
        boolean stillHolder = call.compareAndSet(n, 0);
        c.loopCall = 0;
        if (!stillHolder) { // a wait, or the lookout, handed the loop on while c's session ran here
            c.dispatchUntil = System.nanoTime() + COOLDOWN_NANOS;
            finish(c, step);
            return false;
        }
        if (ran && c.writes - writes >= STREAMED_WRITES) {
            long end = System.nanoTime();
            if (end - start >= STREAMED_NANOS) {
                c.dispatchUntil = end + COOLDOWN_NANOS; // it held the loop's other connections up: workers for a while
            }
        }
        if (step == Step.RUN_BLOCKING && single) {
            step = finishSingle(c);
        }
        settle(c, step);
        return true;
    }

    /** Whether {@code c}'s request may run here: neither the loop nor {@code c} has had to wait lately. */
    private boolean inlineAllowed(Connection c) {
        return single || now - cooldownUntil > 0 && now - c.dispatchUntil > 0;
    }

    /** SINGLE has no workers: what would go to one runs here, to its end. */
    private Step finishSingle(Connection c) {
        Step step = Step.RUN;
        while (step == Step.RUN || step == Step.RUN_BLOCKING) {
            step = run(c);
        }
        return step;
    }

    /** Where a connection goes after the loop served it (holder, still holding). */
    private void settle(Connection c, Step step) {
        switch (step) {
            case IDLE, WAIT -> {
                // idle in a stop too: closeIdle() closes it once idle stopIdleTimeout, for the
                // client may already be sending its next request (answered with Connection: close)
                c.idleWait = step == Step.IDLE;
                c.state(Connection.IDLE);
                letGo(c);
            }
            case CLOSE -> close(c);
            case RUN, RUN_BLOCKING -> dispatch(c);
        }
    }

    /** Closes {@code c}, which the calling thread runs: it ends now. */
    private static void close(Connection c) {
        c.close();
        c.ended();
    }

    /**
     * The calling thread no longer runs {@code c}'s session (it is IDLE now): if {@code c} was closed
     * meanwhile, it ends here, as {@link Connection#close} could not end it while it was busy.
     */
    private static void letGo(Connection c) {
        if (c.closed()) {
            c.ended();
        }
    }

    private void dispatch(Connection c) {
        if (single) {
            settle(c, finishSingle(c));
            return;
        }
        try {
            server.workers().execute(() -> work(c));
        } catch (RejectedExecutionException e) { // stopped
            close(c);
        }
    }

    /** On a worker: runs the connection's work until it waits for the client again, then hands it back. */
    private void work(Connection c) {
        Step step = Step.RUN;
        boolean entered = false;
        long start = System.nanoTime();
        try {
            server.enter();
            entered = true;
            while (step == Step.RUN || step == Step.RUN_BLOCKING) {
                step = run(c);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            step = Step.CLOSE;
        } finally {
            if (entered) {
                server.leave();
            }
        }
        long end = System.nanoTime();
        if (end - start >= Lookout.WAITING_NANOS) {
            c.dispatchUntil = end + COOLDOWN_NANOS; // it would have stalled the loop: keep it off for a while
        }
        handBack(c, step);
    }

    /** On the thread that ran c on the loop when the loop changed hands: it finishes c as a worker would. */
    private void finish(Connection c, Step step) {
        while (step == Step.RUN || step == Step.RUN_BLOCKING) {
            step = run(c);
        }
        handBack(c, step);
    }

    /**
     * A thread other than the holder gives {@code c} back to the loop: from now on the loop owns it.
     * If bytes arrived while it was busy and nobody waited (DISARMED), the loop watches it again.
     */
    private void handBack(Connection c, Step step) {
        if (step == Step.CLOSE) {
            close(c);
            return;
        }
        c.idleWait = step == Step.IDLE;
        if (!c.casState(Connection.BUSY, Connection.IDLE)) {
            c.state(Connection.IDLE);
            interest(c, SelectionKey.OP_READ, true);
        }
        letGo(c);
    }

    private Step readable(Connection c) {
        try {
            return c.session.readable();
        } catch (IOException | RuntimeException | Error e) {
            return failed(c, e);
        }
    }

    private Step run(Connection c) {
        try {
            return c.session.run();
        } catch (IOException | RuntimeException | Error e) {
            return failed(c, e);
        }
    }

    private Step failed(Connection c, Throwable e) {
        if (e instanceof IOException) {
            LOG.log(Level.DEBUG, () -> c + " ended: " + e);
        } else {
            LOG.log(Level.ERROR, "connection handler failed for " + c, e);
        }
        return Step.CLOSE;
    }

    /** Work on the loop had to wait: the second time within a cooldown, every request goes to the workers for one. */
    private void blocked() {
        long t = System.nanoTime();
        if (t - blockedAt < COOLDOWN_NANOS) {
            cooldownUntil = t + COOLDOWN_NANOS;
        }
        blockedAt = t;
    }

    // ---- handing the loop on ----------------------------------------------------------------

    /** A read or write of {@code c} is about to wait: if the thread runs c for this loop, it hands the loop on first. */
    void aboutToWait(Connection c) {
        long n = c.loopCall;
        if (n != 0 && !single) { // SINGLE: one thread does everything, and waits itself
            c.loopCall = 0;
            if (call.compareAndSet(n, 0)) {
                blocked();
                handOn();
            }
        }
    }

    /** The lookout found call {@code n} running too long: hands the loop on; false if it ended meanwhile. */
    boolean takeOver(long n) {
        if (call.compareAndSet(n, 0)) {
            blocked();
            handOn();
            return true;
        }
        return false;
    }

    private void handOn() {
        holder = null;
        try {
            server.spares().execute(this::lead);
        } catch (RejectedExecutionException e) { // the server stopped: nobody selects any more
            LOG.log(Level.DEBUG, () -> name + ": not handed on, the server has stopped");
            end();
        }
    }

    // ---- helpers for Connection ---------------------------------------------------------------

    /** Turns {@code op} interest on or off; from a thread other than the holder, wakes the selector to apply it. */
    void interest(Connection c, int op, boolean on) {
        try {
            if (on) {
                c.key.interestOpsOr(op);
            } else {
                c.key.interestOpsAnd(~op);
            }
        } catch (java.nio.channels.CancelledKeyException e) {
            return; // closed meanwhile: the waiter sees it
        }
        if (on && Thread.currentThread() != holder) {
            selector.wakeup();
        }
    }

    /** {@code c} was closed (any thread): forget it, and let the selector release the socket soon. */
    void closed(Connection c) {
        connections.remove(c);
        if (Thread.currentThread() != holder) {
            selector.wakeup(); // a registered channel is closed (FIN or reset) when the selector drops it
        }
    }

    /**
     * SINGLE: the loop thread itself waits for {@code op} on {@code c}, the only connection there is,
     * by selecting for it.
     */
    void awaitOwn(Connection c, int op, long deadline) throws IOException {
        int[] got = {0};
        try {
            c.key.interestOpsOr(op);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw c.timedOut(op == SelectionKey.OP_WRITE);
                }
                selector.select(k -> {
                    if (k == c.key) {
                        got[0] = k.readyOps();
                    }
                }, Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                if (c.closed()) {
                    throw new ClosedChannelException();
                }
                if ((got[0] & op) != 0) {
                    return;
                }
            }
        } catch (java.nio.channels.CancelledKeyException e) {
            throw new ClosedChannelException();
        } finally {
            if (op == SelectionKey.OP_WRITE && c.key.isValid()) {
                c.key.interestOpsAnd(~op);
            }
        }
    }

    // ---- timeouts and stopping --------------------------------------------------------------

    /** Expires the waiting connections whose deadline passed, and in a stop the idle ones (holder). */
    private void sweep() {
        for (Connection c : connections) {
            if (c.closed() || c.state() != Connection.IDLE || c.session == null) {
                continue;
            }
            if (stopSeen && c.idleWait && closeIdle(c)) {
                continue;
            }
            long deadline = c.session.deadline();
            if (deadline != Long.MAX_VALUE && now - deadline >= 0) {
                c.state(Connection.BUSY);
                Step step;
                try {
                    step = c.session.expired();
                } catch (RuntimeException | Error e) {
                    step = failed(c, e);
                }
                if (step == Step.RUN || step == Step.RUN_BLOCKING) {
                    dispatch(c); // a last word (a 408) may wait for the client: never on the loop
                } else {
                    settle(c, step);
                }
            }
        }
    }

    /**
     * In a stop, the idle connection {@code c}: the first sweep that finds it idle marks it; once it
     * has stayed idle {@link SocketServer#stopIdleNanos()} since, it is closed (the others finish
     * what they started). Not at once: a client that got a keep-alive response before the stop
     * may be sending its next request right now, and closing under it would lose that request;
     * sent, it is answered with {@code Connection: close}. Before closing, the connection is read:
     * a request already there is answered, on a worker, so the loop goes on at once.
     *
     * @return whether it is closed or served now
     */
    private boolean closeIdle(Connection c) {
        if (!c.idleAtStop) {
            c.idleAtStop = true;
            c.idleAtStopSince = now;
            return false;
        }
        if (now - c.idleAtStopSince < server.stopIdleNanos()) {
            return false;
        }
        c.state(Connection.BUSY);
        Step step = readable(c);
        switch (step) {
            case RUN, RUN_BLOCKING -> dispatch(c);
            case IDLE -> close(c);
            default -> settle(c, step);
        }
        return true;
    }

    /** The number of connections this loop holds. */
    int size() {
        return connections.size();
    }

    /** Stops the loop: its holder closes the selector and what is left, then leaves (any thread). */
    void close(long waitMillis) {
        closing = true;
        selector.wakeup();
        try {
            if (!ended.await(waitMillis, TimeUnit.MILLISECONDS)) {
                // the holder is stuck in an application call: close under it
                end();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end();
        }
    }

    private void end() {
        holder = null;
        for (Connection c : connections) {
            c.abort();
        }
        for (Connection c; (c = incoming.poll()) != null; ) {
            c.abort();
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the selector", e);
        }
        ended.countDown();
    }

    @Override
    public String toString() {
        return name + " (" + connections.size() + " connections)";
    }
}
