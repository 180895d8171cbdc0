package org.jwsgi.server;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A listening socket that stops without resetting a connection: the acceptor of every backend (the
 * bundled server's, and the ones jwsgi gives Jetty's and Tomcat's connectors) takes its connections
 * from here. Closing a listening socket makes the kernel reset every connection still queued in
 * its backlog (on Linux unless {@code net.ipv4.tcp_migrate_req=1}); with {@code SO_REUSEPORT} the
 * kernel queued each of them to this socket, not to the new instance's, and a proxy has often
 * sent its request on it already. So {@link #stop()} does not close the socket under the acceptor:
 * the acceptor takes what is queued ({@link #accept()} returns it), and only when the backlog is
 * empty does {@code accept()} close the socket and return {@code null}. A handshake that completes
 * in the microseconds between that last look and the close is still reset: only the kernel option
 * above closes that window (docs/production.md).
 *
 * <p>An inherited socket ({@code drain} false) is not drained: its owner (systemd) keeps it open,
 * queue and all, for the next instance.
 *
 * <pre>{@code
 * DrainingListener listener = new DrainingListener(Listeners.open(options), true, () -> keepAlive = false);
 * // the acceptor thread:
 * for (SocketChannel ch; (ch = listener.accept()) != null; ) {
 *     serve(ch);
 * }
 * // a stop, on another thread:
 * listener.stop();
 * listener.awaitClosed(Duration.ofSeconds(5));
 * }</pre>
 */
public final class DrainingListener implements Closeable {

    private final ServerSocketChannel channel;
    private final Selector selector;
    private final boolean drain;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Runnable closedInStop;
    private final AtomicBoolean closeSeen = new AtomicBoolean();
    private volatile boolean stopping;

    /**
     * Takes over {@code channel}, a bound listening socket: it is made non-blocking and closed by
     * this listener.
     *
     * @param drain whether a stop accepts the connections still queued before it closes the socket
     *     (false for an inherited socket, whose queue its owner keeps for the next instance)
     * @param closedInStop run once the socket has closed in a stop, on the thread that closed it
     *     (usually the acceptor), before that thread does anything else. A server turns keep-alive
     *     off there: a client that finds the port refused and sends its next request on a
     *     connection it kept must be told to close, so the flag cannot wait for the stopping thread
     *     to wake up
     */
    public DrainingListener(ServerSocketChannel channel, boolean drain, Runnable closedInStop) throws IOException {
        this.channel = channel;
        this.drain = drain;
        this.closedInStop = closedInStop;
        channel.configureBlocking(false);
        this.selector = Selector.open();
        try {
            channel.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    /**
     * The next connection, waiting for one (blocking mode, non-blocking channel). After
     * {@link #stop()}: the connections still queued, then {@code null}, the socket closed. For
     * one thread at a time: the acceptor.
     *
     * @throws IOException if accepting failed (EMFILE): the caller may try again
     */
    public SocketChannel accept() throws IOException {
        try {
            while (true) {
                if (stopping && !drain) {
                    close();
                    return null;
                }
                SocketChannel ch = channel.accept();
                if (ch != null) {
                    return ch;
                }
                if (stopping) {
                    close(); // the backlog is empty
                    return null;
                }
                selector.select(); // a connection, or stop()'s wakeup
                selector.selectedKeys().clear();
            }
        } catch (ClosedChannelException | ClosedSelectorException e) {
            close(); // closed under the acceptor (close(), or the end of a stop that gave up waiting)
            return null;
        }
    }

    /** Begins the stop (any thread): the acceptor drains the backlog, then closes the socket. */
    public void stop() {
        stopping = true;
        selector.wakeup();
    }

    /** Whether {@link #stop()} has been called. */
    public boolean stopping() {
        return stopping;
    }

    /** Waits until the acceptor has closed the socket; false if {@code timeout} passed first. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Closes the socket now, whatever is queued. Idempotent. */
    @Override
    public void close() {
        try {
            selector.close(); // first: a channel still registered is only closed at the selector's next select
        } catch (IOException ignored) {
            // nothing to release
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to release
        }
        if (stopping && closeSeen.compareAndSet(false, true)) {
            closedInStop.run();
        }
        closed.countDown();
    }
}
