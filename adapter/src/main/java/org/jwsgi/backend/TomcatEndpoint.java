package org.jwsgi.backend;

import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.jwsgi.server.DrainingListener;

/**
 * Tomcat's NIO endpoint on a listening socket jwsgi opened ({@link org.jwsgi.server.Listeners}:
 * bound with {@code SO_REUSEPORT}, or inherited as standard input, neither of which Tomcat does
 * itself), with a stop that loses no connection.
 *
 * <p>Tomcat stops accepting by telling its acceptor to stop and then waking it with a connection
 * to its own port; a client connection accepted in between is destroyed unanswered, the
 * connections still queued in the backlog are reset when the socket closes, and with an inherited
 * socket the wake-up connection lands in the queue the next instance serves. Here the acceptor
 * takes its connections from a {@link DrainingListener}: {@link #stopAccepting} has it accept what
 * is queued, close the socket and park; only then, every connection it took having been handed
 * to the poller, does Tomcat's own stop begin, and the parked acceptor is given an unconnected
 * channel to discard.
 *
 * <pre>{@code
 * TomcatEndpoint endpoint = new TomcatEndpoint(Listeners.open(options), true);
 * Connector connector = new Connector(new Http11NioProtocol(endpoint));
 * // ... at a stop:
 * endpoint.stopAccepting(Duration.ofSeconds(10));
 * connector.getProtocolHandler().closeServerSocketGraceful();   // keep-alive off from now on
 * endpoint.closeIdleAfter(2000);
 * }</pre>
 */
final class TomcatEndpoint extends NioEndpoint {

    private final ServerSocketChannel channel;
    private final DrainingListener listener;
    /** Counted down by the acceptor once it has nothing more to accept and parks. */
    private final CountDownLatch parked = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    /** Set by the acceptor as it closes the socket in a stop. */
    private volatile boolean closing;

    /** @param drain whether the stop accepts what is queued before it closes the socket (not for an inherited one) */
    TomcatEndpoint(ServerSocketChannel channel, boolean drain) throws IOException {
        this.channel = channel;
        this.listener = new DrainingListener(channel, drain, () -> closing = true);
    }

    /**
     * 1 (keep-alive off: the next response on every connection says {@code Connection: close}) from
     * the moment the acceptor has closed the socket in a stop, not only once the stopping thread
     * has woken up and called {@code closeServerSocketGraceful()}: a client that finds the port
     * refused may send its next request on a kept connection at once.
     */
    @Override
    public int getMaxKeepAliveRequests() {
        return closing ? 1 : super.getMaxKeepAliveRequests();
    }

    @Override
    protected void initServerSocket() {
        // bound already (Listeners), and made non-blocking by the DrainingListener
    }

    @Override
    protected NetworkChannel getServerSocket() {
        return channel;
    }

    @Override
    protected SocketChannel serverSocketAccept() throws Exception {
        SocketChannel ch = listener.accept();
        if (ch != null) {
            return ch;
        }
        // stopped, drained and closed: wait for Tomcat's stop (unlockAccept), then give the acceptor
        // a channel it discards (it then sees that it must stop)
        parked.countDown();
        released.await();
        return SocketChannel.open();
    }

    /**
     * Stops accepting: the acceptor takes the connections still queued (hands each to the poller)
     * and closes the socket. Returns once it has, or after {@code timeout} (the acceptor may wait
     * for a connection slot at maxConnections; the socket is then closed under it).
     */
    void stopAccepting(Duration timeout) {
        listener.stop();
        try {
            if (!parked.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && !timeout.isZero()) {
                getLog().warn("the acceptor did not finish draining the backlog in " + timeout + "; closing the socket");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener.close();
    }

    @Override
    protected void unlockAccept() {
        // Tomcat's own connects to the port; closing the socket wakes the acceptor instead
        listener.stop();
        listener.close();
        released.countDown();
    }

    @Override
    protected void doCloseServerSocket() {
        listener.close();
    }

    /**
     * Gives every connection a read timeout of at most {@code millis}: one idle between requests
     * closes once idle that long (a request sent before the client saw the stop is still answered),
     * and so does one whose request stalls that long on a read.
     */
    void closeIdleAfter(long millis) {
        setKeepAliveTimeout((int) Math.min(Integer.MAX_VALUE, millis)); // for connections idle from now on
        for (SocketWrapperBase<?> c : getConnections()) {
            if (c.getReadTimeout() <= 0 || c.getReadTimeout() > millis) {
                c.setReadTimeout(millis);
            }
        }
    }

    /** The connections open now, idle ones included. */
    int openConnections() {
        return getConnections().size();
    }
}
