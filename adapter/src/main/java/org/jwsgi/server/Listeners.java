package org.jwsgi.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.jwsgi.options.ServerOptions;

/**
 * Opens the listening socket a server accepts on, the same way for every backend (the bundled
 * server, and the Jetty and Tomcat connectors, which are handed the channel): bound to
 * {@code host:port} with {@link ServerOptions#backlog()} and {@code SO_REUSEADDR} (so a restart
 * can bind while the old process's connections linger), plus {@code SO_REUSEPORT} when
 * {@link ServerOptions#reusePort()} asks (so a new instance can bind the port while the old one
 * still listens); or, when {@link ServerOptions#inheritSocket()} asks, the listening socket this
 * process got as its standard input (systemd {@code StandardInput=socket}, inetd {@code wait}).
 *
 * <pre>{@code
 * ServerSocketChannel listener = Listeners.open(ServerOptions.defaults().withPort(0).withReusePort(true));
 * int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
 * }</pre>
 */
public final class Listeners {

    private Listeners() {
    }

    /**
     * The listening socket {@code options} describe, in blocking mode.
     *
     * @throws IOException naming the address (or the inherited socket) and what is wrong with it
     */
    public static ServerSocketChannel open(ServerOptions options) throws IOException {
        return options.inheritSocket() ? inherited() : bind(options);
    }

    private static ServerSocketChannel bind(ServerOptions o) throws IOException {
        InetSocketAddress address = new InetSocketAddress(o.host(), o.port());
        if (address.isUnresolved()) {
            throw new IOException("cannot listen on " + o.host() + ":" + o.port() + ": unknown host");
        }
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (o.reusePort()) {
                set(ch, StandardSocketOptions.SO_REUSEPORT);
            }
            ch.bind(address, o.backlog());
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot listen on " + o.host() + ":" + o.port() + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.toString()), e);
        }
    }

    private static void set(ServerSocketChannel ch, SocketOption<Boolean> option) throws IOException {
        if (!ch.supportedOptions().contains(option)) {
            throw new IOException("reusePort: " + option.name() + " is not supported on " + System.getProperty("os.name"));
        }
        ch.setOption(option, true);
    }

    private static ServerSocketChannel inherited() throws IOException {
        Channel ch = System.inheritedChannel();
        if (ch instanceof ServerSocketChannel listener) {
            if (!listener.isOpen()) {
                throw new IOException("inheritSocket: the socket inherited as standard input was already served and"
                        + " closed by an earlier server in this process");
            }
            if (listener.getLocalAddress() == null) {
                throw new IOException("inheritSocket: the socket inherited as standard input is not bound");
            }
            listener.configureBlocking(true);
            return listener;
        }
        String got = ch == null ? "is not a socket"
                : ch instanceof SocketChannel ? "is a connected socket (inetd nowait, systemd Accept=yes)"
                : ch instanceof DatagramChannel ? "is a datagram socket"
                : "is " + ch;
        throw new IOException("inheritSocket: standard input " + got + "; it must be a listening TCP socket:"
                + " a systemd .socket unit with Accept=no and StandardInput=socket in the service, or inetd's wait mode");
    }
}
