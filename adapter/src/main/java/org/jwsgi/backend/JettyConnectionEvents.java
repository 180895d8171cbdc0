package org.jwsgi.backend;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.jwsgi.gateway.ConnectionEvents;

/**
 * The JFR events {@code org.jwsgi.ConnectionOpened} and {@code org.jwsgi.ConnectionClosed} for
 * Jetty's connections, with the id the bridge's request events carry
 * ({@code ServletConnection.getConnectionId()}, Jetty's {@link ConnectionMetaData#getId()}).
 */
final class JettyConnectionEvents implements Connection.Listener {

    @Override
    public void onOpened(Connection connection) {
        if (ConnectionEvents.recorded()) {
            ConnectionEvents.opened("jetty", id(connection), remote(connection));
        }
    }

    @Override
    public void onClosed(Connection connection) {
        if (ConnectionEvents.recorded()) {
            long lifetime = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - connection.getCreatedTimeStamp());
            ConnectionEvents.closed("jetty", id(connection), remote(connection), lifetime);
        }
    }

    private static String id(Connection connection) {
        return connection instanceof ConnectionMetaData meta ? meta.getId() : Integer.toHexString(connection.hashCode());
    }

    private static String remote(Connection connection) {
        SocketAddress a = connection.getEndPoint().getRemoteSocketAddress();
        return a instanceof InetSocketAddress inet && inet.getAddress() != null ? inet.getAddress().getHostAddress()
                : String.valueOf(a);
    }
}
