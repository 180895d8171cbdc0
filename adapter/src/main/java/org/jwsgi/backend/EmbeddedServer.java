package org.jwsgi.backend;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import org.jwsgi.gateway.ServerListener;
import org.jwsgi.gateway.ServerLoad;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.tls.TlsContext;

/**
 * What the Jetty and Tomcat servers share: the address, a stop that runs once (a second call
 * waits for the first to finish, so after any {@code stop} returns the port is free), and
 * {@link #awaitStop()}.
 */
abstract class EmbeddedServer implements RunningServer {

    private final String backend;
    private final int port;
    private final URI uri;
    private final Duration stopGrace;
    private final ServerOptions options;
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** The container's request log; null when off. */
    private final AccessLines accessLog;
    private boolean stopping;

    EmbeddedServer(String backend, int port, ServerOptions options, AccessLines accessLog) {
        this.backend = backend;
        this.port = port;
        this.uri = RunningServer.uri(options.tls() == null ? "http" : "https", options.host(), port);
        this.stopGrace = options.stopGrace();
        this.options = options;
        this.accessLog = accessLog;
    }

    /** Stops accepting, waits up to {@code grace} for the requests in flight, then releases everything. */
    abstract void shutdown(Duration grace);

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
                awaitUninterruptibly();
                return;
            }
            stopping = true;
        }
        options.listeners().forEach(ServerListener::stopping);
        try {
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
