package org.jwsgi.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jwsgi.Application;
import org.jwsgi.gateway.AccessLog;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.gateway.Health;
import org.jwsgi.gateway.ServerListener;
import org.jwsgi.gateway.ServerLoad;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;
import org.jwsgi.tls.TlsContext;

/**
 * The bundled HTTP/1.1 server: {@code wsgiref.simple_server} for Java, threaded, strict and
 * dependency-free. It serves one {@link Application} on the {@link SocketServer} layer with the
 * {@link Threading} model and limits of its {@link ServerOptions}, over HTTPS when they hold
 * {@link ServerOptions#tls() TLS options} (JSSE, docs/tls.md).
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

    private static final System.Logger LOG = System.getLogger(WsgiServer.class.getName());
    /** The only application protocol offered by ALPN: HTTP/2 is for the jetty and tomcat backends. */
    private static final String ALPN = "http/1.1";

    private final SocketServer sockets;
    private final ServerOptions options;
    private final ServerWatch watch;
    /** The TLS context while the server runs with {@link ServerOptions#tls()}; null otherwise. */
    private volatile TlsContext tls;
    /** The options with the health endpoint in: what the connections and the stop use. */
    private final ServerOptions serving;
    private final AtomicBoolean stopBegun = new AtomicBoolean();
    /** Opened by a second stop: it ends the first one's drain delay. */
    private final CountDownLatch drainCut = new CountDownLatch(1);

    private WsgiServer(Application app, ServerOptions options, AccessLogSink accessLogSink) {
        Objects.requireNonNull(app, "app");
        this.options = Objects.requireNonNull(options, "options");
        if (options.http2()) {
            throw new IllegalArgumentException("http2 is not offered by the builtin backend (an HTTP/1.1 server);"
                    + " use the jetty or tomcat backend for HTTP/2 (docs/backends.md)");
        }
        ServerOptions serving = options.withHealthEndpoint();
        this.serving = serving;
        // one pool per server: a connection borrows its large buffers only while it serves a request
        BufferPool buffers = BufferPool.forServer(HttpConnection.BUFFER_BYTES);
        ServerWatch watch = new ServerWatch(serving, accessLogSink);
        this.watch = watch;
        this.sockets = SocketServer.create(c -> {
            TlsContext context = tls;
            Transport transport = context == null ? c : new TlsTransport(c, context.newEngine(ALPN), serving, watch);
            return new HttpConnection(app, serving, transport, buffers, watch);
        }, serving);
    }

    /**
     * A server for {@code app}; nothing is bound until {@link #start()}. With
     * {@link ServerOptions#accessLog()} a line per request goes to {@code System.Logger}
     * {@code org.jwsgi.access} at INFO, from the request's thread (the logging backend decides
     * whether it writes later).
     */
    public static WsgiServer create(Application app, ServerOptions options) {
        return new WsgiServer(app, options, null);
    }

    /**
     * A server for {@code app} whose access log (with {@link ServerOptions#accessLog()}) goes to
     * {@code accessLogSink}, formatted and written by a background thread ({@link AccessLog}) off
     * the request path; {@link #stop} writes every line of the requests it let finish.
     */
    public static WsgiServer create(Application app, ServerOptions options, AccessLogSink accessLogSink) {
        return new WsgiServer(app, options, Objects.requireNonNull(accessLogSink, "accessLogSink"));
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException if the address cannot be bound
     */
    public WsgiServer start() throws IOException {
        if (options.tls() != null) {
            tls = TlsContext.create(options.tls()); // a bad key or certificate fails here, before the port is bound
        }
        watch.open();
        try {
            sockets.start();
        } catch (IOException | RuntimeException e) {
            watch.close();
            closeTls();
            throw e;
        }
        // no lambda here, nor a load without listeners: each lambda spun costs ~1.5 ms of a Java 25 start-up
        if (LOG.isLoggable(System.Logger.Level.INFO)) {
            LOG.log(System.Logger.Level.INFO, "serving on " + options.url(port()) + " (" + ServerWatch.BACKEND + ", "
                    + options.describe() + ")");
        }
        if (!serving.listeners().isEmpty()) {
            ServerLoad load = load();
            for (ServerListener l : serving.listeners()) {
                l.started(load);
            }
        }
        return this;
    }

    /** How busy the server is, read when asked: what metrics turn into gauges. */
    public ServerLoad load() {
        boolean single = options.threading() == Threading.SINGLE;
        int maxThreads = switch (options.threading()) {
            case SINGLE -> 1;
            case POOL -> options.poolThreads();
            case PER_CONNECTION -> -1;
        };
        return ServerLoad.of(ServerWatch.BACKEND, watch.threading(), sockets::openConnections, watch::inFlight,
                single ? 1 : options.maxConnections(), () -> single ? watch.inFlight() : sockets.busyPoolThreads(),
                () -> maxThreads);
    }

    /** {@code https} with {@link ServerOptions#tls()}, else {@code http}. */
    public String scheme() {
        return options.tls() != null ? "https" : "http";
    }

    /** The TLS context of the running server (its reload counts, the chain served); null without TLS. */
    public TlsContext tls() {
        return tls;
    }

    private void closeTls() {
        TlsContext context = tls;
        if (context != null) {
            context.close();
        }
    }

    /** The bound port: the one the OS chose when 0 was asked. */
    public int port() {
        return sockets.port();
    }

    /** The address the server listens on: the inherited socket's with {@link ServerOptions#inheritSocket()}. */
    public InetSocketAddress address() {
        return sockets.address();
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
     * Stops gracefully, so that a load balancer in front loses no request: the health path answers
     * 503 at once; after {@link ServerOptions#drainDelay()} (during which nothing else changes) the
     * listener stops accepting; responses from then on say {@code Connection: close}; an idle
     * keep-alive connection stays open until it has been idle for
     * {@link ServerOptions#stopIdleTimeout()}, so that a request already on its way is answered;
     * requests in flight get {@code grace} to finish, then the rest is cut. A second call while the
     * first is draining does not wait for the drain delay.
     */
    public void stop(Duration grace) {
        beginStop();
        try {
            sockets.stop(grace);
        } finally {
            closeTls();
            closeAccessLog();
        }
    }

    /** Writes the last lines: after the connections ended, so a graceful stop loses none. */
    private void closeAccessLog() {
        watch.close();
    }

    /** Whether the server is serving: no stop has begun (the health path answers 200). */
    public boolean serving() {
        return !stopBegun.get();
    }

    /** The first time: tells the listeners (the health path turns 503), then waits the drain delay. */
    private void beginStop() {
        if (stopBegun.compareAndSet(false, true)) {
            serving.listeners().forEach(ServerListener::stopping);
            Health.drain(serving.drainDelay(), drainCut);
        } else {
            drainCut.countDown();
        }
    }

    /** Blocks until another thread (or a shutdown hook) has stopped the server. */
    public void awaitStop() throws InterruptedException {
        sockets.awaitStop();
    }

    /** {@link #stop} with {@link ServerOptions#stopGrace()}. */
    @Override
    public void close() {
        stop(options.stopGrace());
    }
}
