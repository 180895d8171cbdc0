package org.jwsgi.backend;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO endpoint on a listening socket jwsgi opened ({@link org.jwsgi.server.Listeners}:
 * bound with {@code SO_REUSEPORT}, or inherited as standard input, neither of which Tomcat does
 * itself), with a stop that loses no connection.
 *
 * <p>Tomcat stops accepting by telling its acceptor to stop and then waking it with a connection
 * to its own port; a client connection accepted in between is destroyed unanswered, and with an
 * inherited socket the wake-up connection lands in the queue the next instance serves. Here
 * {@link #closeListener()} closes the socket first, while the acceptor still runs: an accept that
 * completes meanwhile is served, an accept cut by the close parks the acceptor until Tomcat stops
 * it, and then hands it an unconnected channel to discard.
 *
 * <pre>{@code
 * TomcatEndpoint endpoint = new TomcatEndpoint(Listeners.open(options));
 * Connector connector = new Connector(new Http11NioProtocol(endpoint));
 * // ... at a stop:
 * endpoint.closeListener();
 * connector.getProtocolHandler().closeServerSocketGraceful();   // keep-alive off from now on
 * endpoint.closeIdleAfter(2000);
 * }</pre>
 */
final class TomcatEndpoint extends NioEndpoint {

    private final ServerSocketChannel listener;
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean listenerClosed;

    TomcatEndpoint(ServerSocketChannel listener) {
        this.listener = listener;
    }

    @Override
    protected void initServerSocket() throws Exception {
        listener.configureBlocking(true); // as Tomcat's own: the acceptor blocks in accept()
    }

    @Override
    protected NetworkChannel getServerSocket() {
        return listener;
    }

    @Override
    protected SocketChannel serverSocketAccept() throws Exception {
        if (!listenerClosed) {
            try {
                return listener.accept();
            } catch (ClosedChannelException e) { // AsynchronousCloseException too
                if (!listenerClosed) {
                    throw e;
                }
            }
        }
        // closed by closeListener(): nothing more to accept; wait for Tomcat's stop (unlockAccept),
        // then give the acceptor a channel it discards (it then sees that it must stop)
        released.await();
        return SocketChannel.open();
    }

    /** Closes the listening socket; the acceptor serves a connection it was taking as this happened. */
    void closeListener() {
        listenerClosed = true;
        try {
            listener.close();
        } catch (IOException e) {
            getLog().debug("closing the listening socket", e);
        }
    }

    @Override
    protected void unlockAccept() {
        // Tomcat's own connects to the port; closing the socket wakes the acceptor instead
        closeListener();
        released.countDown();
    }

    @Override
    protected void doCloseServerSocket() {
        closeListener();
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
