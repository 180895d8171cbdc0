package org.jwsgi.backend;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jwsgi.server.DrainingListener;

/**
 * Jetty's connector on a listening socket jwsgi opened ({@link org.jwsgi.server.Listeners}), whose
 * acceptor takes its connections from a {@link DrainingListener}, so that a stop resets none of
 * the connections still queued in the backlog: {@link #stopAccepting} has the acceptor accept
 * them (each handed to Jetty's selector as usual), close the socket and park until Jetty stops it.
 *
 * <pre>{@code
 * JettyListenerConnector connector = new JettyListenerConnector(server, factories);
 * connector.open(Listeners.open(options), true);
 * // ... at a stop:
 * connector.stopAccepting(Duration.ofSeconds(10));
 * }</pre>
 */
final class JettyListenerConnector extends ServerConnector {

    /** The connector's own threads: one acceptor and one selector, on top of the request threads. */
    static final int ACCEPTORS = 1;
    static final int SELECTORS = 1;

    private volatile DrainingListener listener;
    /** Counted down by the acceptor once it has nothing more to accept. */
    private final CountDownLatch parked = new CountDownLatch(1);

    JettyListenerConnector(Server server, ConnectionFactory... factories) {
        super(server, ACCEPTORS, SELECTORS, factories);
    }

    /**
     * Serves {@code channel}, a bound listening socket.
     *
     * @param drain whether a stop accepts what is queued before it closes the socket (not for an
     *     inherited one, whose owner keeps its queue for the next instance)
     * @param closedInStop run by the thread that closes the socket in a stop, right after it has
     *     (see {@link DrainingListener#DrainingListener(ServerSocketChannel, boolean, Runnable)})
     */
    void open(ServerSocketChannel channel, boolean drain, Runnable closedInStop) throws IOException {
        super.open(channel);
        listener = new DrainingListener(channel, drain, closedInStop);
    }

    @Override
    public void accept(int acceptorID) throws IOException {
        SocketChannel ch = listener.accept();
        if (ch == null) {
            // stopped, drained and closed: wait for Jetty's stop, which interrupts its acceptors
            parked.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        // what ServerConnector does with a channel it accepted
        ch.configureBlocking(false);
        configure(ch.socket());
        getSelectorManager().accept(ch);
    }

    /**
     * Stops accepting: the acceptor takes the connections still queued and closes the socket.
     * Returns once it has, or after {@code timeout} (the socket is then closed under it).
     */
    void stopAccepting(Duration timeout) {
        DrainingListener l = listener;
        l.stop();
        try {
            if (!parked.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && !timeout.isZero()) {
                System.getLogger(JettyListenerConnector.class.getName()).log(System.Logger.Level.WARNING,
                        "jetty: the acceptor did not finish draining the backlog in " + timeout + "; closing the socket");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        l.close();
    }

    @Override
    public void close() {
        DrainingListener l = listener;
        if (l != null) {
            l.close();
        }
        super.close();
    }
}
