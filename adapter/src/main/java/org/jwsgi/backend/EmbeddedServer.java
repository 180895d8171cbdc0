package org.jwsgi.backend;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

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
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean stopping;

    EmbeddedServer(String backend, String scheme, String host, int port, Duration stopGrace) {
        this.backend = backend;
        this.port = port;
        this.uri = RunningServer.uri(scheme, host, port);
        this.stopGrace = stopGrace;
    }

    /** Stops accepting, waits up to {@code grace} for the requests in flight, then releases everything. */
    abstract void shutdown(Duration grace);

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
        try {
            shutdown(grace);
        } finally {
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
