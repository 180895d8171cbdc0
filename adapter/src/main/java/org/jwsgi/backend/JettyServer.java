package org.jwsgi.backend;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jwsgi.Application;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.gateway.ErrorPage;
import org.jwsgi.gateway.ServerLoad;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;
import org.jwsgi.server.Listeners;
import org.jwsgi.servlet.WsgiServlet;
import org.jwsgi.tls.TlsContext;

/**
 * Embedded Jetty 12 serving one application; loaded only by {@link JettyBackend#start}, so the
 * backend package works without Jetty. docs/backends.md has the option table this implements.
 */
final class JettyServer extends EmbeddedServer {

    private static final int ACCEPTORS = JettyListenerConnector.ACCEPTORS;
    private static final int SELECTORS = JettyListenerConnector.SELECTORS;

    private final Server server;
    private final JettyListenerConnector connector;
    private final Closing closing;
    private final WsgiServlet servlet;
    private final QueuedThreadPool pool;
    private final ServerOptions options;
    private final TlsContext tls;

    /** Set once the listener has closed: from then on every HTTP/1.1 response says {@code Connection: close}. */
    private static final class Closing {
        volatile boolean now;
    }

    private JettyServer(Server server, JettyListenerConnector connector, ServerSocketChannel listener, Closing closing,
            WsgiServlet servlet, TlsContext tls, ServerOptions o, AccessLines accessLog) throws IOException {
        super("jetty", listener, o, accessLog);
        this.server = server;
        this.connector = connector;
        this.closing = closing;
        this.servlet = servlet;
        this.pool = (QueuedThreadPool) server.getThreadPool();
        this.options = o;
        this.tls = tls;
    }

    @Override
    public ServerLoad load() {
        boolean virtual = pool.getVirtualThreadsExecutor() != null;
        // the pool also runs the connector's acceptor and selector: not request threads
        return ServerLoad.of("jetty", options.threading().label(), () -> connector.getConnectedEndPoints().size(),
                servlet::requestsInFlight, options.maxConnections(),
                () -> virtual ? -1 : Math.max(0, pool.getBusyThreads() - ACCEPTORS - SELECTORS),
                () -> virtual ? -1 : pool.getMaxThreads() - ACCEPTORS - SELECTORS - 1);
    }


    static RunningServer start(Application app, ServerOptions given, AccessLogSink accessLogSink) throws IOException {
        ServerOptions o = given.withHealthEndpoint();
        return startWithTls(o, tls -> start(app, o, tls, accessLogSink));
    }

    private static RunningServer start(Application app, ServerOptions o, TlsContext tls, AccessLogSink accessLogSink)
            throws IOException {
        ServerSocketChannel listener = Listeners.open(o);
        Closing closing = new Closing();
        Server server = new Server(threadPool(o));
        JettyListenerConnector connector = new JettyListenerConnector(server,
                JettyConnectors.factories(o, httpConfiguration(o, closing), tls));
        connector.setHost(o.host());
        // Jetty has one idle timeout (no progress for that long) for a connection waiting for a
        // request, reading its head or body, or writing: bodyReadTimeout and writeTimeout are not
        // mapped apart (see httpConfiguration)
        connector.setIdleTimeout(Math.max(o.keepAliveTimeout().toMillis(), o.headerReadTimeout().toMillis()));
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(o.maxConnections(), connector));

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/"); // the root context: getContextPath() is "", so is SCRIPT_NAME
        WsgiServlet servlet = new WsgiServlet(app, o, "jetty");
        context.addServlet(new ServletHolder("jwsgi", servlet), "/*");
        // the URIs that UriCompliance lets through (below) reach the servlet: the bridge decodes the
        // raw URI itself (WsgiEnviron.decodePath), so what Jetty calls ambiguous is not to it
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        // maxBodyBytes is the bridge's (WsgiServlet), not Jetty's SizeLimitHandler: the same 413, in
        // the same words, on every container, for a declared length and for a chunked body alike.
        // No GracefulHandler: it answers 503 to a request arriving on a kept-alive connection during a
        // stop; shutdown() waits for the connections instead.
        server.setHandler(new AsteriskHandler(context));
        server.setErrorHandler(new PlainErrorHandler()); // what Jetty refuses: plain text, then closed
        AccessLines accessLog = AccessLines.of(o, accessLogSink);
        if (accessLog != null) {
            server.setRequestLog(new JettyAccessLog(accessLog, o.threading().label()));
        }
        connector.addEventListener(new JettyConnectionEvents()); // two checks per connection while JFR is off
        server.setStopAtShutdown(false); // the caller owns the lifecycle (the CLI stops it gracefully)
        try {
            // the channel jwsgi opened (SO_REUSEPORT or inherited); keep-alive off as the acceptor closes it
            connector.open(listener, !o.inheritSocket(), () -> closing.now = true);
            server.start();
        } catch (Exception e) {
            stopQuietly(server, e);
            closeQuietly(listener);
            if (accessLog != null) {
                accessLog.close();
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("jetty failed to start on " + o.host() + ":" + o.port(), e);
        }
        return new JettyServer(server, connector, listener, closing, servlet, tls, o, accessLog).announce();
    }

    private static HttpConfiguration httpConfiguration(ServerOptions o, Closing closing) {
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(Containers.requestHeadBytes(o));
        // Jetty's DEFAULT, plus what the bundled server accepts and the bridge makes safe: encoded dot
        // segments and "..;params" (WsgiEnviron.decodePath removes them, as Jetty's canonical path
        // does), and a percent-encoded byte that is not UTF-8 (PATH_INFO is bytes as ISO-8859-1, PEP
        // 3333). Encoded slashes, encoded '%', empty segments and the rest stay refused.
        http.setUriCompliance(UriCompliance.DEFAULT.with("jwsgi", UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
                UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER, UriCompliance.Violation.BAD_UTF8_ENCODING,
                UriCompliance.Violation.TRUNCATED_UTF8_ENCODING));
        // No HttpConfiguration idle timeout for bodyReadTimeout: it keeps an idle keep-alive connection
        // at that timeout through a graceful stop (which shortens connection idle timeouts to 1 s), so
        // stop() would wait the whole grace for any browser holding a connection open.
        http.setSendServerVersion(false); // "Server: Jetty(12...)" would differ from serverSoftware
        http.setSendXPoweredBy(false);
        String software = o.serverSoftware();
        http.addCustomizer((request, responseHeaders) -> {
            responseHeaders.put(HttpHeader.SERVER, software);
            if (closing.now && request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_2) {
                responseHeaders.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            }
            return request;
        });
        return http;
    }

    /**
     * POOL: at most poolThreads request threads. PER_CONNECTION: request handling on virtual threads
     * (Java 21+), else on platform threads created as connections need them, up to maxConnections.
     * Either way the pool also carries the connector's acceptor and selector.
     */
    private static QueuedThreadPool threadPool(ServerOptions o) {
        int requestThreads = o.threading() == Threading.POOL ? o.poolThreads() : o.maxConnections();
        int max = (int) Math.min(Integer.MAX_VALUE - 1, (long) requestThreads + ACCEPTORS + SELECTORS + 1);
        QueuedThreadPool pool = new QueuedThreadPool(max, Math.min(8, max));
        pool.setName("jwsgi-jetty");
        if (o.threading() == Threading.PER_CONNECTION && org.jwsgi.gateway.VirtualThreads.available()) {
            pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("jwsgi-jetty-vt"));
        }
        return pool;
    }

    /**
     * Answers {@code OPTIONS *} as the bundled server and Tomcat do (200, {@code Allow}), where
     * Jetty's contexts, which match paths, would answer 404.
     */
    private static final class AsteriskHandler extends Handler.Wrapper {

        AsteriskHandler(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (!HttpMethod.OPTIONS.is(request.getMethod()) || !"*".equals(request.getHttpURI().getPath())) {
                return super.handle(request, response, callback);
            }
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.ALLOW, ErrorPage.ASTERISK_ALLOW);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            callback.succeeded();
            return true;
        }
    }

    /**
     * Stops accepting (the connections queued in the backlog are served, see
     * {@link JettyListenerConnector}), then every HTTP/1.1 response says {@code Connection: close}
     * (not before: a client told to close could reconnect into the closing backlog), each
     * connection gets an idle timeout of at most stopIdleTimeout,
     * and the stop waits up to {@code grace} for the last one to close before stopping Jetty.
     * Not Jetty's graceful {@code connector.shutdown()}: it closes a connection right after a
     * response that went out keep-alive, under a client that may already be sending on it.
     */
    @Override
    void shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        long idle = Math.min(options.stopIdleTimeout().toMillis(), options.keepAliveTimeout().toMillis());
        // idle timeouts first: at maxConnections the acceptor drains the backlog only as connections close
        connector.setIdleTimeout(idle); // for the connections the drain accepts
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            endPoint.setIdleTimeout(Math.min(endPoint.getIdleTimeout(), idle));
        }
        connector.stopAccepting(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (!awaitUntil(deadline, () -> connector.getConnectedEndPoints().isEmpty()) && !grace.isZero()) {
            System.getLogger(JettyServer.class.getName()).log(System.Logger.Level.WARNING, "jetty: "
                    + connector.getConnectedEndPoints().size() + " connection(s) still open after the stop grace of "
                    + grace.toMillis() + " ms; closing");
        }
        server.setStopTimeout(0); // nothing left to wait for: close what is left now
        try {
            server.stop();
        } catch (Exception e) {
            System.getLogger(JettyServer.class.getName()).log(System.Logger.Level.WARNING,
                    "jetty did not stop cleanly", e);
        } finally {
            if (tls != null) {
                tls.close();
            }
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a listener: nothing to recover
        }
    }

    private static void stopQuietly(Server server, Exception cause) {
        try {
            server.stop();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
