package org.jwsgi.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jwsgi.gateway.ConnectionEvents;
import org.jwsgi.gateway.VirtualThreads;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;

/**
 * The socket layer of the bundled server, usable on its own: it accepts connections on one thread,
 * registers each with one of a few {@link EventLoop loops}, and lets the connection's
 * {@link ConnectionHandler.Session} say what it needs: to wait for the client (without a thread),
 * to run work, or to close. Work runs on the loop thread that found it when it is quick, and on a
 * worker of the {@link Threading} model when it waits (see {@link EventLoop} for how the loop is
 * handed on); at most {@link ServerOptions#maxConnections()} connections are open at once
 * (further clients wait in the listen backlog, none is dropped). The listening socket is the one
 * {@link Listeners} opens: {@code host:port}, with {@code SO_REUSEPORT} if asked, or inherited.
 *
 * <table>
 *   <caption>Threads, by threading model</caption>
 *   <tr><th>model</th><th>loops</th><th>workers (work that waits)</th></tr>
 *   <tr><td>{@link Threading#SINGLE}</td><td>one, which runs everything; one connection at a time</td><td>none</td></tr>
 *   <tr><td>{@link Threading#PER_CONNECTION}</td><td>half the cores (at least one), platform threads</td>
 *       <td>a virtual thread each (Java 21+), else a pool of platform threads that grows as needed</td></tr>
 *   <tr><td>{@link Threading#POOL}</td><td>the same</td><td>{@link ServerOptions#poolThreads()} platform
 *       threads; at most that many pieces of work run at once, on the loops included</td></tr>
 * </table>
 *
 * <pre>{@code
 * ConnectionHandler echo = c -> () -> {
 *     ByteBuffer buffer = ByteBuffer.allocate(4096);
 *     int n = c.readNow(buffer);
 *     if (n < 0) return Step.CLOSE;
 *     c.write(buffer.flip());
 *     return Step.IDLE;
 * };
 * try (SocketServer server = SocketServer.create(echo, ServerOptions.defaults().withPort(0)).start()) {
 *     int port = server.port();
 *     // ... talk to 127.0.0.1:port
 * }
 * }</pre>
 */
public final class SocketServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SocketServer.class.getName());
    /** How often an acceptor waiting for a connection permit looks whether a stop began. */
    private static final long PERMIT_POLL_MILLIS = 50;

    private final ConnectionHandler handler;
    private final ServerOptions options;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Semaphore permits;
    /** POOL: how many pieces of work may run at once (on workers and loops alike); null otherwise. */
    private final Semaphore running;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong accepted = new AtomicLong();
    /** Set once the listener is closed: from then on every response says Connection: close. */
    private volatile boolean stopping;
    private boolean stopBegun; // guarded by this
    private final Object quiet = new Object(); // notified whenever a connection ends
    private DrainingListener listener;
    private InetSocketAddress address;
    private EventLoop[] loops;
    private Lookout lookout; // null for SINGLE
    private ExecutorService spares; // platform threads that take a loop over; null for SINGLE
    private Executor workers; // null for SINGLE
    private ExecutorService pool; // the workers when they are platform threads, to shut down; else null
    private Thread acceptor;
    private int nextLoop; // acceptor only
    private int port = -1;

    private SocketServer(ConnectionHandler handler, ServerOptions options) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.options = Objects.requireNonNull(options, "options");
        this.permits = new Semaphore(options.threading() == Threading.SINGLE ? 1 : options.maxConnections());
        this.running = options.threading() == Threading.POOL ? new Semaphore(options.poolThreads()) : null;
    }

    /** A server for {@code handler}; nothing is bound until {@link #start()}. */
    public static SocketServer create(ConnectionHandler handler, ServerOptions options) {
        return new SocketServer(handler, options);
    }

    /** How many loops a server runs: half the cores, at least one (one for SINGLE). */
    static int loopCount(Threading threading) {
        return threading == Threading.SINGLE ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /**
     * Binds {@code host:port} (or takes the inherited socket, see {@link Listeners}) and starts accepting.
     *
     * @throws IOException if the address cannot be bound (in use, unknown host), or there is no
     *     socket to inherit
     * @throws IllegalStateException if already started
     */
    public synchronized SocketServer start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("server already started on port " + port);
        }
        ServerSocketChannel ch = Listeners.open(options);
        address = (InetSocketAddress) ch.getLocalAddress();
        port = address.getPort();
        boolean single = options.threading() == Threading.SINGLE;
        EventLoop[] made = new EventLoop[loopCount(options.threading())];
        DrainingListener accepts = null;
        try {
            accepts = new DrainingListener(ch, !options.inheritSocket(), this::beginClosing);
            for (int i = 0; i < made.length; i++) {
                made[i] = new EventLoop(this, handler, "jwsgi-loop-" + port + "-" + i, single);
            }
        } catch (IOException | RuntimeException e) { // no selector (EMFILE): give the port back
            for (EventLoop loop : made) {
                if (loop != null) {
                    loop.close(0);
                }
            }
            if (accepts != null) {
                accepts.close();
            }
            ch.close();
            throw new IOException("cannot open a selector: " + e.getMessage(), e);
        }
        listener = accepts;
        loops = made;
        if (single) {
            Thread t = new Thread(loops[0]::lead, loops[0].name());
            t.start();
        } else {
            spares = Executors.newCachedThreadPool(named("jwsgi-loop-" + port));
            if (options.threading() == Threading.POOL) {
                pool = Executors.newFixedThreadPool(options.poolThreads(), named("jwsgi-pool"));
            } else if (!VirtualThreads.available()) {
                pool = Executors.newCachedThreadPool(named("jwsgi-conn")); // grows as work waits
            }
            ThreadFactory virtual = VirtualThreads.factoryOr(null);
            workers = pool != null ? pool : r -> virtual.newThread(r).start();
            lookout = new Lookout(loops);
            lookout.start("jwsgi-lookout-" + port);
            for (EventLoop loop : loops) {
                spares.execute(loop::lead);
            }
        }
        acceptor = new Thread(this::acceptLoop, "jwsgi-acceptor-" + port);
        acceptor.start();
        return this;
    }

    /** The bound port: the one the OS chose when 0 was asked. */
    public synchronized int port() {
        if (listener == null) {
            throw new IllegalStateException("server not started");
        }
        return port;
    }

    /** The address the listener is bound to (the inherited socket's with {@link ServerOptions#inheritSocket()}). */
    public synchronized InetSocketAddress address() {
        if (listener == null) {
            throw new IllegalStateException("server not started");
        }
        return address;
    }

    /**
     * Whether a {@link #stop} has closed the listener: from then on a connection ends after the
     * exchange in progress (or its next one, if idle).
     */
    public boolean stopping() {
        return stopping;
    }

    /** The number of connections open now. */
    public int openConnections() {
        return connections.size();
    }

    /** The number of connections accepted since start. */
    public long acceptedConnections() {
        return accepted.get();
    }

    /**
     * {@link Threading#POOL}: pieces of work running now, on workers and loops alike (at most
     * {@link ServerOptions#poolThreads()}); -1 for the other models, which have no such bound.
     */
    public int busyPoolThreads() {
        return running == null ? -1 : options.poolThreads() - running.availablePermits();
    }

    /** Whether the server runs handlers on several threads at once. */
    public boolean multithreaded() {
        return options.threading() != Threading.SINGLE;
    }

    /**
     * Stops gracefully: stops accepting (a bound listener is closed once the connections already
     * queued in its backlog are accepted: closing it would reset them; an inherited one is left
     * to its owner, with its queue); then every connection ends after the exchange in progress, an
     * idle one once it has been idle for {@link ServerOptions#stopIdleTimeout()} (a request already
     * on its way is answered first); busy ones get {@code grace} in all, then what is left is
     * reset. Returns when every connection has ended (or after a further second if work ignores
     * the closed socket). Idempotent.
     */
    public void stop(Duration grace) {
        synchronized (this) {
            if (listener == null) {
                stopBegun = true;
                stopping = true; // never started: nothing to wait for
                stopped.countDown();
                return;
            }
            if (stopBegun) {
                awaitQuietly(); // another thread is stopping it: return when it is done
                return;
            }
            stopBegun = true;
        }
        long deadline = System.nanoTime() + grace.toNanos();
        listener.stop(); // the acceptor drains the backlog, then closes the listener
        try {
            listener.awaitClosed(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.close(); // done by the acceptor by now (and beginClosing run), unless the grace is that short
        try {
            awaitNoConnections(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            // reset, not close: a close-delimited response cut here must not look complete
            connections.forEach(Connection::abort);
            if (!awaitNoConnections(Duration.ofSeconds(1))) {
                LOG.log(Level.WARNING, "{0} connection(s) still open after stop", connections.size());
            }
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (EventLoop loop : loops) {
                loop.close(1000);
            }
            if (lookout != null) {
                lookout.close();
                spares.shutdownNow();
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
            stopped.countDown();
        }
    }

    /**
     * Run by the thread that closed the listener in a stop, right after the close: from now on
     * every response says {@code Connection: close} and idle connections get stopIdleTimeout. Not
     * before the close: a client told to close could reconnect into the backlog just as it closes,
     * and be reset.
     */
    private void beginClosing() {
        stopping = true;
        for (EventLoop loop : loops) {
            loop.wakeForStop();
        }
    }

    private boolean awaitNoConnections(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (quiet) {
            while (!connections.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                quiet.wait(left);
            }
        }
        return true;
    }

    /** Blocks until the server has stopped (another thread, or a shutdown hook, calls {@link #stop}). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** {@link #stop} with the configured {@link ServerOptions#stopGrace()}. */
    @Override
    public void close() {
        stop(options.stopGrace());
    }

    private void acceptLoop() {
        try {
            while (true) {
                // after a stop began, no permit: the drain accepts what is queued beyond maxConnections
                // for the short time it takes (each is answered Connection: close), rather than have
                // the closing listener reset it
                boolean permit = awaitPermit();
                SocketChannel ch;
                try {
                    ch = listener.accept();
                } catch (IOException e) {
                    // EMFILE (too many open files): keep serving the connections we have, and retry
                    release(permit);
                    LOG.log(Level.ERROR, "accepting a connection failed on port " + port + ": " + e);
                    pause();
                    continue;
                }
                if (ch == null) { // stopped, backlog drained, listener closed
                    release(permit);
                    return;
                }
                try {
                    register(ch);
                } catch (IOException | RuntimeException | Error e) {
                    closeQuietly(ch);
                    release(permit);
                    LOG.log(Level.DEBUG, () -> "a connection could not be set up on port " + port + ": " + e);
                }
            }
        } finally {
            listener.close();
        }
    }

    private void release(boolean permit) {
        if (permit) {
            permits.release();
        }
    }

    private void register(SocketChannel ch) throws IOException {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        EventLoop loop = loops[nextLoop];
        nextLoop = nextLoop + 1 == loops.length ? 0 : nextLoop + 1;
        Connection c = new Connection(ch, this, loop, options.writeTimeout().toNanos());
        connections.add(c);
        if (ConnectionEvents.recorded()) {
            ConnectionEvents.opened(ServerWatch.BACKEND, Long.toString(c.id()),
                    c.remoteAddress().getAddress().getHostAddress());
        }
        loop.register(c);
        accepted.incrementAndGet();
    }

    /** Takes a connection permit, waiting while maxConnections are open; false once a stop began. */
    private boolean awaitPermit() {
        try {
            while (!listener.stopping()) {
                if (permits.tryAcquire(PERMIT_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    // ---- for the loops ----------------------------------------------------------------------

    /**
     * In a stop, how long a connection may stay idle before it is closed: stopIdleTimeout, at most
     * keepAliveTimeout.
     */
    long stopIdleNanos() {
        return Math.min(options.stopIdleTimeout().toNanos(), options.keepAliveTimeout().toNanos());
    }

    /** The threads that take a loop over when its holder has to wait. */
    Executor spares() {
        return spares;
    }

    /** The threading model's workers: they run work that waits. */
    Executor workers() {
        return workers;
    }

    /** A loop begins a session call: the lookout must be awake to watch it. */
    void lookoutAwake() {
        if (lookout != null) {
            lookout.wake();
        }
    }

    /** POOL: takes a slot for work on a loop thread if one is free; other models: true. */
    boolean tryEnter() {
        return running == null || running.tryAcquire();
    }

    /** POOL: waits for a slot for work on a worker; other models: returns at once. */
    void enter() throws InterruptedException {
        if (running != null) {
            running.acquire();
        }
    }

    void leave() {
        if (running != null) {
            running.release();
        }
    }

    /** A connection has closed: it no longer counts, and another may come in. Called once per connection. */
    void ended(Connection c) {
        if (connections.remove(c)) {
            permits.release();
            if (ConnectionEvents.recorded()) {
                ConnectionEvents.closed(ServerWatch.BACKEND, Long.toString(c.id()),
                        c.remoteAddress().getAddress().getHostAddress(), System.nanoTime() - c.openedAt());
            }
            if (stopping) {
                synchronized (quiet) {
                    quiet.notifyAll();
                }
            }
        }
    }

    private void awaitQuietly() {
        try {
            stopped.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50); // back off after a failed accept rather than spin on EMFILE
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(false);
            return t;
        };
    }
}
