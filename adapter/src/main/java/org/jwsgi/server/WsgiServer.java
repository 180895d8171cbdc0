package org.jwsgi.server;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.jwsgi.Application;
import org.jwsgi.gateway.AccessLog;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;

/**
 * The bundled HTTP/1.1 server: {@code wsgiref.simple_server} for Java, threaded, strict and
 * dependency-free. It serves one {@link Application} on the {@link SocketServer} layer with the
 * {@link Threading} model and limits of its {@link ServerOptions}.
 *
 * <pre>{@code
 * Application hello = (environ, startResponse) -> {
 *     startResponse.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
 *     return List.of("Hello, World!\n".getBytes(StandardCharsets.US_ASCII));
 * };
 * try (WsgiServer server = WsgiServer.create(hello, ServerOptions.defaults().withPort(0)).start()) {
 *     System.out.println("http://127.0.0.1:" + server.port() + "/");
 *     server.awaitStop();
 * }
 * }</pre>
 */
public final class WsgiServer implements AutoCloseable {

    private final SocketServer sockets;
    private final ServerOptions options;
    private final AccessLogSink accessLogSink;
    /** Started with the server when {@link ServerOptions#accessLog()}; closed after its last request. */
    private volatile AccessLog accessLog;

    private WsgiServer(Application app, ServerOptions options, AccessLogSink accessLogSink) {
        Objects.requireNonNull(app, "app");
        this.options = Objects.requireNonNull(options, "options");
        this.accessLogSink = Objects.requireNonNull(accessLogSink, "accessLogSink");
        // one pool per server: a connection borrows its large buffers only while it serves a request
        BufferPool buffers = BufferPool.forServer(HttpConnection.BUFFER_BYTES);
        this.sockets = SocketServer.create(c -> new HttpConnection(app, options, c, buffers, accessLog), options);
    }

    /**
     * A server for {@code app}; nothing is bound until {@link #start()}. With
     * {@link ServerOptions#accessLog()} its lines go to {@code System.Logger} {@code org.jwsgi.access}.
     */
    public static WsgiServer create(Application app, ServerOptions options) {
        return new WsgiServer(app, options, AccessLogSink.logger());
    }

    /**
     * A server for {@code app} whose access log (with {@link ServerOptions#accessLog()}) goes to
     * {@code accessLogSink}, written by a background thread ({@link AccessLog}).
     */
    public static WsgiServer create(Application app, ServerOptions options, AccessLogSink accessLogSink) {
        return new WsgiServer(app, options, accessLogSink);
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException if the address cannot be bound
     */
    public WsgiServer start() throws IOException {
        AccessLog log = options.accessLog() ? AccessLog.start(accessLogSink) : null;
        accessLog = log;
        try {
            sockets.start();
        } catch (IOException | RuntimeException e) {
            if (log != null) {
                log.close();
            }
            throw e;
        }
        return this;
    }

    /** The bound port: the one the OS chose when 0 was asked. */
    public int port() {
        return sockets.port();
    }

    /** The host the server listens on, as configured. */
    public String host() {
        return options.host();
    }

    /** The options this server runs with. */
    public ServerOptions options() {
        return options;
    }


    /** The number of connections open now. */
    public int openConnections() {
        return sockets.openConnections();
    }

    /**
     * Stops gracefully: no new connections, idle keep-alive connections closed at once, requests in
     * flight given {@code grace} to finish (their responses say {@code Connection: close}), then the
     * rest cut.
     */
    public void stop(Duration grace) {
        sockets.stop(grace);
        closeAccessLog();
    }

    /** Writes the last lines: after the connections ended, so a graceful stop loses none. */
    private void closeAccessLog() {
        AccessLog log = accessLog;
        if (log != null) {
            log.close();
        }
    }

    /** Blocks until another thread (or a shutdown hook) has stopped the server. */
    public void awaitStop() throws InterruptedException {
        sockets.awaitStop();
    }

    /** {@link #stop} with {@link ServerOptions#stopGrace()}. */
    @Override
    public void close() {
        sockets.close();
        closeAccessLog();
    }
}
