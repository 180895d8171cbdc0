package org.jwsgi.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One accepted connection of a {@link SocketServer}, as its {@link ConnectionHandler} sees it.
 *
 * <p>A handler that waits for a client between exchanges (HTTP keep-alive) marks itself
 * {@linkplain #idle(boolean) idle} meanwhile. A graceful stop leaves an idle connection open for
 * {@link ServerOptions#stopIdleTimeout()} (a request may already be on its way, and the handler
 * answers it), then closes it with a FIN; busy connections run on until done or until the grace
 * ends, and are then reset.
 *
 * <pre>{@code
 * if (!connection.idle(true)) return;   // closed meanwhile: leave now
 * int first = in.read();                // wait for the next request (fails if a stop closes it)
 * connection.idle(false);
 * }</pre>
 *
 * <p>A handler may also let the connection wait without a thread: it asks
 * {@link #resumeWhenReadable(Duration)} and returns; the server watches the socket and calls the
 * handler again, on a worker thread, when the client's next bytes arrive. State kept between
 * those calls goes in {@link #attach(Object)}.
 */
public final class Connection {

    /** Connection ids, unique in the JVM: the JFR events and log lines of several servers stay apart. */
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final long openedAt = System.nanoTime();
    private final SocketChannel channel;
    private final Socket socket;
    private final SocketServer server;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private boolean idle;
    /** {@link System#nanoTime()} when it last became idle; read by a stop. */
    private long idleSince;
    private boolean closed;
    /** {@link System#nanoTime()} when the write in progress began, or 0: read by the write watchdog. */
    private volatile long writeSince;
    /** What {@link #resumeWhenReadable} asked for, in nanoseconds; -1: nothing. */
    private long parkRequest = -1;
    /** While parked: when its keep-alive time is up ({@link System#nanoTime()}). */
    private volatile long parkedUntil;
    private Object attachment;

    Connection(SocketChannel channel, SocketServer server) throws IOException {
        this.channel = channel;
        this.socket = channel.socket();
        this.server = server;
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    /** This connection's id: a number unique in the JVM, in the order of accept. */
    public long id() {
        return id;
    }

    /** {@link System#nanoTime()} when the connection was accepted. */
    long openedAt() {
        return openedAt;
    }

    /** The socket, in blocking mode; its streams honour {@link Socket#setSoTimeout}. */
    public Socket socket() {
        return socket;
    }

    /** The socket's channel, for zero-copy writes such as {@code FileChannel.transferTo}. */
    public SocketChannel channel() {
        return channel;
    }

    /** The client's address. */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** The address the client connected to. */
    public InetSocketAddress localAddress() {
        return local;
    }

    /** Whether the server has begun to stop: finish the current exchange, then close. */
    public boolean stopping() {
        return server.stopping();
    }

    /**
     * Marks this connection idle (waiting for the client to start an exchange) or busy.
     *
     * @return {@code false} if the connection is closed (a stop closed it), in which case the
     *     handler should return
     */
    public synchronized boolean idle(boolean idle) {
        if (idle && !this.idle) {
            idleSince = System.nanoTime();
        }
        this.idle = idle;
        return !closed;
    }

    /** Whether it is idle and has been for longer than {@code nanos}. */
    synchronized boolean idleLongerThan(long now, long nanos) {
        return idle && now - idleSince > nanos;
    }

    /**
     * Marks a write to the client as begun or ended. A write that stays begun longer than
     * {@link ServerOptions#writeTimeout()} gets the connection aborted by the server's watchdog,
     * so a client that stops reading cannot hold a thread forever.
     */
    public void writing(boolean writing) {
        writeSince = writing ? System.nanoTime() | 1 : 0;
    }

    /** Whether a write began more than {@code timeoutNanos} ago and is still blocked. */
    boolean writeStalled(long now, long timeoutNanos) {
        long since = writeSince;
        return since != 0 && now - since > timeoutNanos;
    }

    /**
     * Asks the server to wait for the client's next bytes without a thread once the handler
     * returns, then to call the handler again on this connection (or to close it if none arrive
     * within {@code timeout}).
     *
     * <p>Only bytes still in the socket wake the connection: a handler that read ahead into a
     * buffer of its own (a {@code BufferedInputStream}) must serve what it holds first.
     *
     * @return false if this server cannot ({@link Threading#SINGLE}, or it has stopped): the
     *     handler must wait itself or return, which closes the connection
     */
    public boolean resumeWhenReadable(Duration timeout) {
        if (!server.parksIdleConnections()) {
            return false;
        }
        parkRequest = Math.max(1, timeout.toNanos());
        return true;
    }

    /** The handler's state for its next call on this connection (see {@link #resumeWhenReadable}). */
    public void attach(Object state) {
        this.attachment = state;
    }

    /** What {@link #attach} kept, or null. */
    public Object attachment() {
        return attachment;
    }

    /** The timeout {@link #resumeWhenReadable} asked for, in nanoseconds, and clears it; -1 if none. */
    long takeParkRequest() {
        long t = parkRequest;
        parkRequest = -1;
        return t;
    }

    void parkedUntil(long nanoTime) {
        parkedUntil = nanoTime;
    }

    boolean parkedUntilPassed(long now) {
        return now - parkedUntil > 0;
    }

    /** Whether {@link #close()} or {@link #abort()} has run. */
    synchronized boolean closed() {
        return closed;
    }

    /** Half-closes: sends FIN after what was written, keeps reading possible. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes the connection if it is idle; a stop calls this once it has been idle long enough, or at its end. */
    synchronized void closeIfIdle() {
        if (idle) {
            close();
        }
    }

    /** Closes the connection now; a blocked read or write in the handler fails at once. */
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket the peer already reset: nothing left to release
            }
        }
    }

    /**
     * Closes the connection with a TCP reset, so the client sees an error rather than a clean end
     * of stream: a close-delimited response cut short must not look complete.
     */
    public synchronized void abort() {
        if (!closed) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // the socket is already gone; close() below finishes the job
            }
            close();
        }
    }

    @Override
    public String toString() {
        return "connection from " + remote;
    }
}
