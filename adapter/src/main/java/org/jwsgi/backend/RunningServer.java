package org.jwsgi.backend;

import java.net.URI;
import java.time.Duration;
import org.jwsgi.gateway.ServerLoad;

/**
 * An application being served by a {@link Backend}. Closing it stops the server gracefully,
 * allowing {@code stopGrace} of its options for the requests in flight.
 *
 * <pre>{@code
 * try (RunningServer server = Backend.named("jetty").start(app, ServerOptions.defaults().withPort(0))) {
 *     System.out.println("serving on " + server.uri());
 * }
 * }</pre>
 */
public interface RunningServer extends AutoCloseable {

    /** The name of the backend serving: {@code builtin}, {@code jetty}, {@code tomcat}. */
    String backend();

    /** The port the server listens on: the real one when port 0 was asked for. */
    int port();

    /**
     * The base URL of the application, ending with {@code /}: {@code https} when the options held
     * TLS, the host it was bound to ({@code 127.0.0.1} for a wildcard address) and {@link #port()}.
     */
    URI uri();

    /**
     * Stops accepting connections, lets requests in flight finish for up to {@code grace}, then
     * closes whatever is left. Idempotent.
     */
    void stop(Duration grace);

    /**
     * How busy the server is now: open and busy connections, pool threads. Every call reads the
     * server afresh; {@code org.jwsgi.metrics.HttpMetrics} turns it into gauges.
     */
    ServerLoad load();

    /** Blocks until the server has stopped. */
    void awaitStop() throws InterruptedException;

    /** {@link #stop(Duration)} with the options' {@code stopGrace}. */
    @Override
    void close();

    /** The base {@code http} URL for {@code host} and {@code port}, with a wildcard host replaced by loopback. */
    static URI uri(String host, int port) {
        return uri("http", host, port);
    }

    /** The base URL for {@code scheme} ({@code http} or {@code https}), {@code host} and {@code port}. */
    static URI uri(String scheme, String host, int port) {
        String h = host == null || host.isEmpty() || host.equals("0.0.0.0") ? "127.0.0.1"
                : host.equals("::") ? "[::1]" : host.contains(":") ? "[" + host + "]" : host;
        return URI.create(scheme + "://" + h + ":" + port + "/");
    }
}
