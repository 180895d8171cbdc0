package org.jwsgi.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * Where the keep-alive connections of a {@link SocketServer} wait for their next request without
 * a thread: one selector thread watches them all and hands a connection back to a worker thread
 * when its client sends bytes, or closes it when its timeout passes. An idle connection then costs
 * its socket and a few small objects, not a thread (a platform thread's stack on Java 17, a
 * parked virtual thread's stack chunk on 21+), and a {@link Threading#POOL} of 64 threads can keep
 * thousands of idle browsers connected.
 *
 * <pre>{@code
 * ParkedConnections parked = new ParkedConnections(this::dispatch, this::end, "jwsgi-parked-8000");
 * parked.start();
 * if (!parked.park(connection, timeoutNanos)) end(connection);   // after the handler returned
 * }</pre>
 *
 * <p>A parked channel is switched to non-blocking mode and registered for reads; when it becomes
 * readable its key is cancelled, the selector flushed so that the channel is deregistered, and
 * blocking mode restored before a worker reads it. Each connection is owned by whoever removes it
 * from the parked set: the selector thread (ready or timed out) or {@link #close()} (stopping).
 */
final class ParkedConnections {

    private static final System.Logger LOG = System.getLogger(SocketServer.class.getName());
    /** How often timeouts are checked: the precision of a parked connection's keep-alive timeout. */
    private static final long SWEEP_MILLIS = 100;

    private final Consumer<Connection> resume;
    private final Consumer<Connection> end;
    private final String threadName;
    private final Set<Connection> parked = ConcurrentHashMap.newKeySet();
    private final Queue<Connection> incoming = new ConcurrentLinkedQueue<>();
    private Selector selector;
    private Thread thread;
    private boolean closed;

    /**
     * @param resume runs a connection whose client sent bytes on a worker thread
     * @param end closes a connection for good and counts it as gone (idempotent)
     */
    ParkedConnections(Consumer<Connection> resume, Consumer<Connection> end, String threadName) {
        this.resume = resume;
        this.end = end;
        this.threadName = threadName;
    }

    synchronized void start() throws IOException {
        selector = Selector.open();
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The number of connections waiting here now. */
    int size() {
        return parked.size();
    }

    /**
     * Parks {@code c} until its client sends a byte or {@code timeoutNanos} pass.
     *
     * @return false if it cannot be parked (closed, or the server is stopping): the caller ends it
     */
    boolean park(Connection c, long timeoutNanos) {
        synchronized (this) {
            if (closed || !c.idle(true)) {
                return false;
            }
            c.parkedUntil(System.nanoTime() + timeoutNanos);
            parked.add(c);
        }
        incoming.add(c);
        selector.wakeup();
        return true;
    }

    /** Stops the selector thread and ends every parked connection; later parks are refused. */
    void close() {
        synchronized (this) {
            if (closed || selector == null) {
                closed = true;
                return;
            }
            closed = true;
        }
        selector.wakeup();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endAll();
    }

    private void loop() {
        long nextSweep = System.nanoTime();
        try {
            while (!isClosed()) {
                selector.select(parked.isEmpty() ? 0 : SWEEP_MILLIS);
                if (isClosed()) {
                    break;
                }
                registerIncoming();
                resumeReady();
                long now = System.nanoTime();
                if (now - nextSweep >= 0) { // at most once a sweep period, however often parks wake us
                    endExpired(now);
                    nextSweep = now + SWEEP_MILLIS * 1_000_000;
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            // every connection is ended below; the server then keeps idle connections on their threads
            LOG.log(Level.ERROR, threadName + " failed; its idle connections are closed", e);
        } finally {
            synchronized (this) {
                closed = true;
            }
            endAll();
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the selector", e);
            }
        }
    }

    /** Whether connections can still be parked here (false once stopped, or if the selector thread failed). */
    synchronized boolean isOpen() {
        return !closed;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private void registerIncoming() {
        for (Connection c; (c = incoming.poll()) != null; ) {
            try {
                c.channel().configureBlocking(false);
                c.channel().register(selector, SelectionKey.OP_READ, c);
            } catch (IOException | RuntimeException e) { // closed meanwhile (a stop, a reset)
                if (parked.remove(c)) {
                    end.accept(c);
                }
            }
        }
    }

    private void resumeReady() throws IOException {
        Set<SelectionKey> selected = selector.selectedKeys();
        if (selected.isEmpty()) {
            return;
        }
        List<Connection> ready = new ArrayList<>(selected.size());
        for (SelectionKey key : selected) {
            key.cancel();
            Connection c = (Connection) key.attachment();
            if (parked.remove(c)) {
                ready.add(c);
            }
        }
        selected.clear();
        int resumed = 0;
        try {
            selector.selectNow(); // deregisters the cancelled keys: only then may a channel block again
            for (Connection c : ready) {
                resumed++;
                try {
                    c.channel().configureBlocking(true);
                    // busy from now: its request has arrived, and a stop must let it be answered
                    c.idle(false);
                    resume.accept(c);
                } catch (IOException | RuntimeException | Error e) { // closed meanwhile, or no thread to run it
                    LOG.log(Level.DEBUG, () -> c + ": could not resume after idling: " + e);
                    end.accept(c);
                }
            }
        } finally {
            for (int i = resumed; i < ready.size(); i++) {
                end.accept(ready.get(i)); // selectNow failed: none of these has an owner left
            }
        }
    }

    private void endExpired(long now) {
        for (Connection c : parked) {
            if ((c.parkedUntilPassed(now) || !c.channel().isOpen()) && parked.remove(c)) {
                SelectionKey key = c.channel().keyFor(selector);
                if (key != null) {
                    key.cancel();
                }
                end.accept(c);
            }
        }
    }

    private void endAll() {
        for (Connection c : parked) {
            if (parked.remove(c)) {
                end.accept(c);
            }
        }
    }
}
