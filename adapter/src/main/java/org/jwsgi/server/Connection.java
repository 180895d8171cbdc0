package org.jwsgi.server;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;
import org.jwsgi.gateway.Durations;
import org.jwsgi.gateway.FileBody;

/**
 * One accepted connection of a {@link SocketServer}, as its {@link ConnectionHandler} sees it: a
 * non-blocking socket whose reads and writes wait, when they must, without a thread of their own.
 * {@link #readNow} never waits; {@link #read(ByteBuffer, long)} waits for the client until a
 * deadline; {@link #write} waits while the client does not read, for at most {@code writeTimeout}
 * without progress (then the connection is aborted). A wait on a loop thread first hands the loop
 * to another thread, so one slow client never holds up the others.
 *
 * <pre>{@code
 * ByteBuffer buffer = ByteBuffer.allocate(1024);
 * int n = connection.read(buffer, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
 * connection.write(ByteBuffer.wrap("ok\n".getBytes(StandardCharsets.US_ASCII)));
 * }</pre>
 */
public final class Connection implements Transport {

    /** Owned by its loop: waiting for the client, the session's readable() runs when bytes arrive. */
    static final int IDLE = 0;
    /** Owned by a thread running the session; the loop wakes its read waiter when bytes arrive. */
    static final int BUSY = 1;
    /** BUSY, and the loop turned read interest off because bytes came while nobody waited for them. */
    static final int DISARMED = 2;

    private static final VarHandle STATE;
    private static final VarHandle READ_WAITER;
    private static final VarHandle WRITE_WAITER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(Connection.class, "state", int.class);
            READ_WAITER = lookup.findVarHandle(Connection.class, "readWaiter", Thread.class);
            WRITE_WAITER = lookup.findVarHandle(Connection.class, "writeWaiter", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Connection ids, unique in the JVM: the JFR events and log lines of several servers stay apart. */
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final long openedAt = System.nanoTime();
    private final SocketChannel channel;
    private final SocketServer server;
    final EventLoop loop;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final long writeTimeoutNanos;
    /** Set by the loop when it registers the connection, before anything else touches it. */
    SelectionKey key;
    ConnectionHandler.Session session;
    private volatile int state = IDLE;
    private volatile Thread readWaiter;
    private volatile Thread writeWaiter;
    /** Whether the session's last wait was {@link ConnectionHandler.Step#IDLE} (a stop closes it); loop thread. */
    boolean idleWait;
    /** In a stop: whether a sweep found it idle, and when ({@link System#nanoTime()}); loop thread. */
    boolean idleAtStop;
    long idleAtStopSince;
    /** Until when ({@link System#nanoTime()}) this connection's requests go to workers: one had to wait, or streamed long. */
    long dispatchUntil;
    /** Calls of {@link #write} so far; the thread running its session. */
    int writes;
    /**
     * The loop's number for the session call the loop thread is making on this connection, 0 when
     * none: a wait inside that call hands the loop on first ({@link EventLoop#release}).
     */
    long loopCall;
    private volatile boolean closed;

    Connection(SocketChannel channel, SocketServer server, EventLoop loop, long writeTimeoutNanos)
            throws IOException {
        this.channel = channel;
        this.server = server;
        this.loop = loop;
        this.writeTimeoutNanos = writeTimeoutNanos;
        this.dispatchUntil = System.nanoTime();
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    /** This connection's id: a number unique in the JVM, in the order of accept. */
    @Override
    public long id() {
        return id;
    }

    /** {@link System#nanoTime()} when the connection was accepted. */
    long openedAt() {
        return openedAt;
    }

    SocketChannel channel() {
        return channel;
    }

    /** The client's address. */
    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** The address the client connected to. */
    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    /** Whether the server has begun to stop: finish the current exchange, then close. */
    @Override
    public boolean stopping() {
        return server.stopping();
    }

    /**
     * Reads what has arrived, without waiting.
     *
     * @return the bytes read, 0 if none are there yet, -1 once the client closed its side
     */
    @Override
    public int readNow(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    /**
     * Reads at least one byte, waiting for the client until {@code deadline}
     * ({@link System#nanoTime()}).
     *
     * @return the bytes read, -1 once the client closed its side
     * @throws SocketTimeoutException if nothing arrived by the deadline
     */
    @Override
    public int read(ByteBuffer dst, long deadline) throws IOException {
        while (true) {
            int n = channel.read(dst);
            if (n != 0 || !dst.hasRemaining()) {
                return n;
            }
            awaitReadable(deadline);
        }
    }

    /**
     * Writes all of {@code srcs}, in order, waiting while the client does not read. If a wait
     * lasts {@code writeTimeout} without progress the connection is aborted and this throws.
     */
    @Override
    public void write(ByteBuffer... srcs) throws IOException {
        writes++;
        int first = 0;
        while (first < srcs.length) {
            long n = srcs.length - first == 1 ? channel.write(srcs[first]) : channel.write(srcs, first, srcs.length - first);
            while (first < srcs.length && !srcs[first].hasRemaining()) {
                first++;
            }
            if (n == 0 && first < srcs.length) {
                awaitWritable();
            }
        }
    }

    /**
     * Sends {@code count} bytes of {@code file} from {@code offset} with the operating system's
     * zero-copy transfer, waiting as {@link #write} does.
     *
     * @return the bytes sent: fewer only if the file ended sooner
     */
    @Override
    public long transfer(FileBody file, long offset, long count) throws IOException {
        long sent = 0;
        while (sent < count) {
            long n = file.transferSome(channel, offset + sent, count - sent);
            if (n < 0) {
                break; // the file shrank
            }
            if (n == 0) {
                awaitWritable();
            }
            sent += n;
        }
        return sent;
    }

    /** Half-closes: sends FIN after what was written, keeps reading possible. */
    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Whether {@link #close()} or {@link #abort()} has run. */
    boolean closed() {
        return closed;
    }

    /** Closes the connection now; a read or write waiting on it fails at once. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a socket the peer already reset: nothing left to release
            }
        }
        wakeReader();
        wakeWriter();
        loop.closed(this);
        if (state == IDLE) {
            ended(); // else the thread running its session ends it when it lets go (EventLoop.letGo)
        }
    }

    /** The connection no longer counts as open: it is closed and no thread runs its session. Idempotent. */
    void ended() {
        server.ended(this);
    }

    /**
     * Closes the connection with a TCP reset, so the client sees an error rather than a clean end
     * of stream: a close-delimited response cut short must not look complete.
     */
    @Override
    public void abort() {
        if (!closed) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException ignored) {
                // the socket is already gone; close() below finishes the job
            }
            close();
        }
    }

    // ---- waiting, with the loop's help ------------------------------------------------------

    int state() {
        return state;
    }

    void state(int s) {
        state = s;
    }

    boolean casState(int from, int to) {
        return STATE.compareAndSet(this, from, to);
    }

    /** Wakes the thread waiting to read, if any; whether there was one. */
    boolean wakeReader() {
        Thread w = readWaiter;
        if (w != null && READ_WAITER.compareAndSet(this, w, null)) {
            LockSupport.unpark(w);
            return true;
        }
        return false;
    }

    /** Wakes the thread waiting to write, if any. */
    void wakeWriter() {
        Thread w = writeWaiter;
        if (w != null && WRITE_WAITER.compareAndSet(this, w, null)) {
            LockSupport.unpark(w);
        }
    }

    private void awaitReadable(long deadline) throws IOException {
        checkOpen();
        loop.aboutToWait(this);
        if (loop.single()) {
            loop.awaitOwn(this, SelectionKey.OP_READ, deadline);
            return;
        }
        Thread me = Thread.currentThread();
        readWaiter = me;
        if (state == DISARMED && casState(DISARMED, BUSY)) {
            // the loop stopped watching for reads while nobody waited: watch again
            loop.interest(this, SelectionKey.OP_READ, true);
        }
        park(me, READ_WAITER, deadline, false);
    }

    private void awaitWritable() throws IOException {
        checkOpen();
        long deadline = System.nanoTime() + writeTimeoutNanos;
        loop.aboutToWait(this);
        if (loop.single()) {
            loop.awaitOwn(this, SelectionKey.OP_WRITE, deadline);
            return;
        }
        Thread me = Thread.currentThread();
        writeWaiter = me;
        loop.interest(this, SelectionKey.OP_WRITE, true);
        park(me, WRITE_WAITER, deadline, true);
    }

    private void park(Thread me, VarHandle waiter, long deadline, boolean writing) throws IOException {
        while (waiter.getVolatile(this) == me) {
            if (closed) {
                waiter.compareAndSet(this, me, null);
                throw new ClosedChannelException();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                if (waiter.compareAndSet(this, me, null)) {
                    throw timedOut(writing);
                }
                break; // woken just now
            }
            LockSupport.parkNanos(this, left);
        }
        checkOpen();
    }

    /** A wait ran out: for a write the connection is aborted (a truncated response must not look complete). */
    SocketTimeoutException timedOut(boolean writing) {
        if (!writing) {
            return new SocketTimeoutException("no bytes from the client in time");
        }
        abort();
        return new SocketTimeoutException("a write to the client made no progress within writeTimeout="
                + Durations.text(java.time.Duration.ofNanos(writeTimeoutNanos)) + "; connection aborted");
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    @Override
    public String toString() {
        return "connection from " + remote;
    }
}
