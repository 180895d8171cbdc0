package org.jwsgi.backend;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jwsgi.gateway.Health;
import org.jwsgi.gateway.ServerListener;
import org.jwsgi.gateway.ServerLoad;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.tls.TlsContext;

/**
 * What the Jetty and Tomcat servers share: the address, a stop that runs once (a second call
 * waits for the first to finish, so after any {@code stop} returns the port is free) and begins
 * with the health path turning 503 and the drain delay, and {@link #awaitStop()}.
 */
abstract class EmbeddedServer implements RunningServer {

    /** How often a stop looks whether the last connection has gone. */
    private static final long POLL_MILLIS = 20;

    private final String backend;
    private final int port;
    private final URI uri;
    private final Duration stopGrace;
    private final ServerOptions options;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The container's request log; null when off. */
    private final AccessLines accessLog;
    /** Opened by a second stop: it ends the first one's drain delay. */
    private final CountDownLatch drainCut = new CountDownLatch(1);
    private boolean stopping;

    /** For a server on {@code listener} (opened by {@link org.jwsgi.server.Listeners}), with {@code options} as it serves them. */
    EmbeddedServer(String backend, ServerSocketChannel listener, ServerOptions options, AccessLines accessLog)
            throws IOException {
        InetSocketAddress bound = (InetSocketAddress) listener.getLocalAddress();
        this.backend = backend;
        this.port = bound.getPort();
        this.uri = Containers.uri(options, bound);
        this.stopGrace = options.stopGrace();
        this.options = options;
        this.accessLog = accessLog;
    }

    /**
     * Closes the listener, then lets the connections finish within {@code grace} (each response
     * saying {@code Connection: close}, idle ones closed after stopIdleTimeout), then releases
     * everything.
     */
    abstract void shutdown(Duration grace);

    /** Waits until {@code done} or {@code deadline} ({@link System#nanoTime()}); false if the deadline came first. */
    static boolean awaitUntil(long deadline, BooleanSupplier done) {
        try {
            while (!done.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // neither container signals its last connection's end: poll
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts a container given its TLS context (null without TLS). */
    interface TlsStart {
        RunningServer start(TlsContext tls) throws IOException;
    }

    /**
     * Reads the key material of {@code o.tls()} first, so a bad key or certificate is refused
     * before any port is bound, then starts; the context is closed again if the start fails.
     */
    static RunningServer startWithTls(ServerOptions o, TlsStart start) throws IOException {
        TlsContext tls = o.tls() == null ? null : TlsContext.create(o.tls());
        try {
            return start.start(tls);
        } catch (IOException | RuntimeException e) {
            if (tls != null) {
                tls.close();
            }
            throw e;
        }
    }

    /**
     * Says the server is up: the start-up line (logger of the subclass, INFO) and the listeners'
     * {@code started}. The subclass calls it once it listens.
     */
    final RunningServer announce() {
        System.getLogger(getClass().getName()).log(System.Logger.Level.INFO, () -> "serving on "
                + options.url(port) + " (" + backend + ", " + options.describe() + ")");
        ServerLoad load = load();
        options.listeners().forEach(l -> l.started(load));
        return this;
    }

    @Override
    public final String backend() {
        return backend;
    }

    @Override
    public final int port() {
        return port;
    }

    @Override
    public final URI uri() {
        return uri;
    }

    @Override
    public final void stop(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        synchronized (this) {
            if (stopping) {
                drainCut.countDown(); // a second stop: the first one's drain delay ends now
                awaitUninterruptibly();
                return;
            }
            stopping = true;
        }
        options.listeners().forEach(ServerListener::stopping);
        try {
            Health.drain(options.drainDelay(), drainCut); // the health path answers 503 meanwhile; nothing else changes
            shutdown(grace);
        } finally {
            if (accessLog != null) {
                accessLog.close(); // after the requests in flight: their lines too
            }
            stopped.countDown();
        }
    }

    @Override
    public final void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public final void close() {
        stop(stopGrace);
    }

    @Override
    public String toString() {
        return backend + " on " + uri;
    }

    private void awaitUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                stopped.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
