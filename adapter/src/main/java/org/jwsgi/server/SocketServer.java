package org.jwsgi.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jwsgi.gateway.ConnectionEvents;
import org.jwsgi.gateway.Durations;
import org.jwsgi.gateway.VirtualThreads;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;

/**
 * The threaded socket layer of the bundled server, usable on its own: it accepts connections on
 * one thread and runs a {@link ConnectionHandler} for each on the threads of the chosen
 * {@link Threading} model, with at most {@link ServerOptions#maxConnections()} open at once
 * (further clients wait in the listen backlog, none is dropped).
 *
 * <pre>{@code
 * ConnectionHandler echo = c -> c.socket().getInputStream().transferTo(c.socket().getOutputStream());
 * try (SocketServer server = SocketServer.create(echo, ServerOptions.defaults().withPort(0)).start()) {
 *     int port = server.port();
 *     // ... talk to 127.0.0.1:port
 * }
 * }</pre>
 */
public final class SocketServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SocketServer.class.getName());
    /** How often a stop looks for connections idle past stopIdleTimeout (and a full acceptor for the stop). */
    private static final long DRAIN_TICK_MILLIS = 50;

    private final ConnectionHandler handler;
    private final ServerOptions options;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Semaphore permits;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean stopping;
    private final Object quiet = new Object(); // notified whenever a connection ends
    private ServerSocketChannel listener;
    private ScheduledExecutorService watchdog;
    private Executor workers;
    private ExecutorService pool; // null for PER_CONNECTION: nothing to shut down
    private ParkedConnections parked; // null for SINGLE: no keep-alive
    private Thread acceptor;
    private int port = -1;
    private InetSocketAddress address;

    private SocketServer(ConnectionHandler handler, ServerOptions options) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.options = Objects.requireNonNull(options, "options");
        this.permits = new Semaphore(options.threading() == Threading.SINGLE ? 1 : options.maxConnections());
    }

    /** A server for {@code handler}; nothing is bound until {@link #start()}. */
    public static SocketServer create(ConnectionHandler handler, ServerOptions options) {
        return new SocketServer(handler, options);
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
        listener = ch;
        address = (InetSocketAddress) ch.getLocalAddress();
        port = address.getPort();
        pool = switch (options.threading()) {
            case SINGLE -> Executors.newSingleThreadExecutor(named("jwsgi-single"));
            case POOL -> Executors.newFixedThreadPool(options.poolThreads(), named("jwsgi-pool"));
            case PER_CONNECTION -> null;
        };
        ThreadFactory perConnection = VirtualThreads.factoryOr(named("jwsgi-conn"));
        workers = pool != null ? pool : r -> perConnection.newThread(r).start();
        if (options.threading() != Threading.SINGLE) {
            parked = new ParkedConnections(this::dispatch, this::end, "jwsgi-parked-" + port);
            try {
                parked.start();
            } catch (IOException | RuntimeException e) { // no selector (EMFILE): give the port back
                listener = null;
                ch.close();
                if (pool != null) {
                    pool.shutdownNow();
                }
                throw new IOException("cannot start the idle-connection selector: " + e.getMessage(), e);
            }
        }
        acceptor = new Thread(this::acceptLoop, "jwsgi-acceptor-" + port);
        acceptor.start();
        long timeout = options.writeTimeout().toNanos();
        long tick = Math.max(10, Math.min(1000, options.writeTimeout().toMillis() / 4));
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jwsgi-watchdog-" + port);
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleAtFixedRate(() -> abortStalledWrites(timeout), tick, tick, TimeUnit.MILLISECONDS);
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

    /** Whether {@link #stop} has begun. */
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

    /** The number of idle connections waiting without a thread ({@link Connection#resumeWhenReadable}). */
    public int parkedConnections() {
        return parked == null ? 0 : parked.size();
    }

    /**
     * Threads of the {@link Threading#POOL} (or {@link Threading#SINGLE}) pool running a handler
     * now; -1 for {@link Threading#PER_CONNECTION}, which has no pool.
     */
    public int busyPoolThreads() {
        return pool instanceof java.util.concurrent.ThreadPoolExecutor p ? p.getActiveCount() : -1;
    }

    /** Whether handlers may {@link Connection#resumeWhenReadable park} idle connections here. */
    boolean parksIdleConnections() {
        return parked != null && parked.isOpen();
    }

    /** Whether the server runs handlers on several threads at once. */
    public boolean multithreaded() {
        return options.threading() != Threading.SINGLE;
    }

    /**
     * Stops gracefully: closes the listener (a connection accepted meanwhile is still served), lets
     * busy connections finish within {@code grace}, leaves each idle one open until it has been
     * idle for {@link ServerOptions#stopIdleTimeout()} (a request may already be on its way: its
     * handler serves it), then closes what is left: idle connections with a FIN, busy ones with a
     * reset. Returns when every handler has returned (or after a further second if a handler
     * ignores the closed socket). Idempotent.
     */
    public void stop(Duration grace) {
        synchronized (this) {
            if (listener == null) {
                stopping = true; // never started: nothing to wait for
                stopped.countDown();
                return;
            }
            if (stopping) {
                awaitQuietly(); // another thread is stopping it: return when it is done
                return;
            }
            stopping = true;
        }
        try {
            // not acceptor.interrupt(): an interrupt while accept() completes would drop the connection it took
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the listener", e);
        }
        try {
            drain(grace);
            if (parked != null) {
                parked.close();
            }
            connections.forEach(Connection::closeIfIdle);
            // reset, not close: a close-delimited response cut here must not look complete
            connections.forEach(Connection::abort);
            if (!awaitNoConnections(Duration.ofSeconds(1))) {
                LOG.log(Level.WARNING, "{0} connection handler(s) still running after stop", connections.size());
            }
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            watchdog.shutdownNow();
            stopped.countDown();
        }
    }

    /** Aborts connections whose current write has been blocked longer than writeTimeout. */
    private void abortStalledWrites(long timeoutNanos) {
        long now = System.nanoTime();
        for (Connection c : connections) {
            if (c.writeStalled(now, timeoutNanos)) {
                LOG.log(Level.DEBUG, () -> c + ": a write blocked longer than writeTimeout="
                        + Durations.text(options.writeTimeout()) + "; connection aborted");
                c.abort();
            }
        }
    }

    /**
     * Waits up to {@code grace} for every connection to end, closing each idle one once it has been
     * idle for stopIdleTimeout (bounded by keepAliveTimeout): a request sent on it before the client
     * could see the stop is answered, and a client that keeps its connection idle does not hold the stop.
     */
    private void drain(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        long idleNanos = Math.min(options.stopIdleTimeout().toNanos(), options.keepAliveTimeout().toNanos());
        synchronized (quiet) {
            while (!connections.isEmpty()) {
                long now = System.nanoTime();
                for (Connection c : connections) {
                    if (c.idleLongerThan(now, idleNanos)) {
                        c.closeIfIdle(); // a parked one is then ended by the selector's sweep
                    }
                }
                long left = deadline - now;
                if (left <= 0) {
                    return;
                }
                quiet.wait(Math.max(1, Math.min(DRAIN_TICK_MILLIS, TimeUnit.NANOSECONDS.toMillis(left))));
            }
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
        while (!stopping) {
            SocketChannel ch = null;
            if (!awaitPermit()) {
                break;
            }
            try {
                ch = listener.accept();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connection c = new Connection(ch, this);
                connections.add(c);
                if (ConnectionEvents.recorded()) {
                    ConnectionEvents.opened(ServerWatch.BACKEND, Long.toString(c.id()),
                            c.remoteAddress().getAddress().getHostAddress());
                }
                try {
                    dispatch(c);
                } catch (RuntimeException | Error e) {
                    connections.remove(c); // run() will never see it
                    throw e;
                }
                accepted.incrementAndGet();
            } catch (ClosedChannelException e) {
                break; // stop() closed the listener
            } catch (IOException | RuntimeException | Error e) {
                // EMFILE (too many open files), a thread that cannot be created: keep serving the
                // connections we have, and retry.
                closeQuietly(ch);
                permits.release();
                if (!stopping) {
                    LOG.log(Level.ERROR, "accepting a connection failed on port " + port + ": " + e);
                    pause();
                }
            }
        }
    }

    /** Takes a connection permit, waiting while maxConnections are open; false if the server stops meanwhile. */
    private boolean awaitPermit() {
        try {
            while (!permits.tryAcquire(DRAIN_TICK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopping) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Runs the handler for {@code c} on a worker thread: a new connection, or a parked one whose client spoke. */
    private void dispatch(Connection c) {
        workers.execute(() -> run(c));
    }

    private void run(Connection c) {
        boolean returned = false;
        try {
            handler.handle(c);
            returned = true;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> c + " ended: " + e);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "connection handler failed for " + c, e);
        } finally {
            long parkFor = c.takeParkRequest();
            if (!returned || parkFor < 0 || parked == null || c.closed() || !parked.park(c, parkFor)) {
                end(c);
            }
        }
    }

    /** Closes {@code c} for good and lets another connection in; idempotent. */
    private void end(Connection c) {
        c.close();
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
