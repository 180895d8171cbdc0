package org.jwsgi.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.jwsgi.Application;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.gateway.Durations;
import org.jwsgi.gateway.ServerLoad;
import org.jwsgi.gateway.VirtualThreads;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;
import org.jwsgi.server.Listeners;
import org.jwsgi.servlet.WsgiServlet;
import org.jwsgi.tls.TlsContext;

/**
 * Embedded Tomcat 11 serving one application; loaded only by {@link TomcatBackend#start}, so the
 * backend package works without Tomcat. Its base directory (work files) is a fresh temporary
 * directory, deleted on stop. docs/backends.md has the option table this implements.
 */
final class TomcatServer extends EmbeddedServer {

    private static final System.Logger LOG = System.getLogger(TomcatServer.class.getName());
    /** Each instance gets its own engine name: the JMX domain, so two servers in a JVM do not clash. */
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Guards the JVM-wide catalina.base/catalina.home properties while Tomcat reads and writes them. */
    private static final Object CATALINA_PROPERTIES = new Object();

    private final Tomcat tomcat;
    private final Connector connector;
    private final InFlightValve inFlight;
    private final TomcatEndpoint endpoint;
    private final Path baseDir;
    private final TlsContext tls;

    private final ServerOptions options;

    private TomcatServer(Tomcat tomcat, Connector connector, InFlightValve inFlight, TomcatEndpoint endpoint,
            Path baseDir, TlsContext tls, ServerSocketChannel listener, ServerOptions o, AccessLines accessLog)
            throws IOException {
        super("tomcat", listener, o, accessLog);
        this.tomcat = tomcat;
        this.connector = connector;
        this.inFlight = inFlight;
        this.endpoint = endpoint;
        this.baseDir = baseDir;
        this.tls = tls;
        this.options = o;
    }

    @Override
    public ServerLoad load() {
        // the executor is Tomcat's request pool, or a virtual-thread executor (no pool)
        return ServerLoad.of("tomcat", options.threading().label(),
                () -> connector.getProtocolHandler() instanceof AbstractProtocol<?> p
                        ? (int) Math.max(0, p.getConnectionCount()) : 0,
                inFlight::count, options.maxConnections(),
                () -> connector.getProtocolHandler().getExecutor() instanceof ThreadPoolExecutor p ? p.getActiveCount() : -1,
                () -> connector.getProtocolHandler().getExecutor() instanceof ThreadPoolExecutor p
                        ? p.getMaximumPoolSize() : -1);
    }


    static RunningServer start(Application app, ServerOptions given, AccessLogSink accessLogSink) throws IOException {
        ServerOptions o = given.withHealthEndpoint();
        return startWithTls(o, tls -> start(app, o, tls, accessLogSink));
    }

    private static RunningServer start(Application app, ServerOptions o, TlsContext tls, AccessLogSink accessLogSink)
            throws IOException {
        ServerSocketChannel listener = Listeners.open(o);
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("jwsgi-tomcat-");
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        Tomcat tomcat = new Tomcat();
        AccessLines accessLog = AccessLines.of(o, accessLogSink);
        try {
            initBaseDir(tomcat, baseDir);
            String name = "jwsgi-tomcat-" + INSTANCES.incrementAndGet();
            tomcat.getEngine().setName(name);
            tomcat.getService().setName(name);
            TomcatEndpoint endpoint = new TomcatEndpoint(listener, !o.inheritSocket());
            Connector connector = new Connector(new Http11NioProtocol(endpoint));
            tomcat.setConnector(connector);
            configure(connector, o, ((InetSocketAddress) listener.getLocalAddress()).getPort());
            TomcatTls.configure(connector, o, tls);

            // addContext without a docBase installs no ContextConfig: no web.xml, no jar or annotation scanning
            Context context = tomcat.addContext("", null);
            if (context instanceof StandardContext standard) {
                // stop() has already waited for the connections; what is left is cut. Not 0: Tomcat's
                // unload then waits with Object.wait(unloadDelay / 20) = wait(0), forever, while a
                // request is still in the servlet (a stop without a grace), for nothing notifies it
                standard.setUnloadDelay(100);
                // the leak checks of a web application's class loader; this context has no web application
                // of its own, and the checks warn on stop unless the JVM runs with --add-opens
                standard.setClearReferencesThreadLocals(false);
                standard.setClearReferencesRmiTargets(false);
            }
            Tomcat.addServlet(context, "jwsgi", new WsgiServlet(app, o, "tomcat"));
            context.addServletMappingDecoded("/*", "jwsgi");
            InFlightValve inFlight = new InFlightValve();
            context.getPipeline().addValve(inFlight);
            if (accessLog != null) {
                // on the engine, so requests Tomcat refuses before any context are logged too
                tomcat.getEngine().getPipeline().addValve(new AccessLogValve(accessLog, o.threading().label()));
            }
            // Tomcat's HTML error page (with the exception's stack trace) becomes jwsgi's plain one:
            // installed before start, so the host finds a valve of its error report class and adds no other
            tomcat.getHost().getPipeline().addValve(new PlainErrorReportValve());
            if (tomcat.getHost() instanceof StandardHost host) {
                host.setErrorReportValveClass(PlainErrorReportValve.class.getName());
            }
            tomcat.start();
            if (connector.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("tomcat's connector did not start on " + listener.getLocalAddress());
            }
            return new TomcatServer(tomcat, connector, inFlight, endpoint, baseDir, tls, listener, o, accessLog)
                    .announce();
        } catch (LifecycleException | RuntimeException | IOException e) {
            destroy(tomcat, baseDir);
            listener.close();
            if (accessLog != null) {
                accessLog.close();
            }
            throw e instanceof RuntimeException r ? r
                    : new IllegalStateException("tomcat failed to start on " + o.host() + ":" + o.port(), e);
        }
    }

    /**
     * Points Tomcat's base and home at {@code baseDir} (else it writes {@code tomcat.PORT/} into
     * the current directory). {@code Tomcat.initBaseDir} also publishes both as the JVM-wide system
     * properties {@code catalina.base}/{@code catalina.home} and takes a {@code catalina.home} it
     * finds there as its home (creating it if missing): left in place, the next server's start
     * re-created this server's deleted directory. So they are set for the call and put back.
     */
    private static void initBaseDir(Tomcat tomcat, Path baseDir) {
        synchronized (CATALINA_PROPERTIES) {
            String base = System.getProperty("catalina.base");
            String home = System.getProperty("catalina.home");
            try {
                System.setProperty("catalina.home", baseDir.toString());
                tomcat.setBaseDir(baseDir.toString());
                tomcat.getServer(); // runs initBaseDir
            } finally {
                restore("catalina.base", base);
                restore("catalina.home", home);
            }
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /**
     * Maps the options onto connector attributes (the names of Tomcat's HTTP connector docs). The
     * address and port only name the connector: it serves the socket {@link TomcatEndpoint} was given.
     */
    private static void configure(Connector c, ServerOptions o, int port) {
        c.setThrowOnFailure(true);
        set(c, "address", o.host());
        c.setPort(port);
        set(c, "bindOnInit", "false"); // bind on start, so a graceful stop can close the socket early
        if (o.threading() == Threading.PER_CONNECTION && VirtualThreads.available()) {
            set(c, "useVirtualThreads", "true");
        } else {
            int threads = o.threading() == Threading.POOL ? o.poolThreads() : o.maxConnections();
            set(c, "maxThreads", Integer.toString(threads));
            set(c, "minSpareThreads", Integer.toString(Math.min(10, threads)));
        }
        set(c, "maxConnections", Integer.toString(o.maxConnections()));
        set(c, "maxHttpRequestHeaderSize", Integer.toString(Containers.requestHeadBytes(o)));
        set(c, "maxHeaderCount", Integer.toString(o.maxHeaderCount()));
        // a chunked body's framing under the same limits as on builtin: the chunk-size line (its
        // extensions) under maxRequestLineBytes, the trailer section under maxHeaderBytes
        set(c, "maxExtensionSize", Integer.toString(o.maxRequestLineBytes()));
        set(c, "maxTrailerSize", Integer.toString(o.maxHeaderBytes()));
        set(c, "connectionTimeout", Integer.toString(Durations.millis(o.headerReadTimeout())));
        set(c, "keepAliveTimeout", Integer.toString(Durations.millis(o.keepAliveTimeout())));
        set(c, "disableUploadTimeout", "false"); // reading the body gets its own timeout:
        set(c, "connectionUploadTimeout", Integer.toString(Durations.millis(o.bodyReadTimeout())));
        set(c, "maxSwallowSize", Long.toString(Math.min(Integer.MAX_VALUE, o.maxDrainBytes())));
        set(c, "server", o.serverSoftware());
        // the decoded path Tomcat maps is bytes as ISO-8859-1, as PATH_INFO is: a percent-encoded
        // byte that is not UTF-8 (/x%E9y) is then a path like any other instead of a 400; the
        // bridge decodes the raw URI itself either way
        c.setURIEncoding("ISO-8859-1");
        c.setXpoweredBy(false);
        // after the grace, do not wait again for the request threads (Tomcat's default: 5 s)
        set(c, "executorTerminationTimeoutMillis", "0");
    }

    private static void set(Connector c, String name, String value) {
        if (!c.setProperty(name, value)) {
            throw new IllegalStateException("tomcat connector refused " + name + "=" + value);
        }
    }

    /**
     * Stops accepting (the connections queued in the backlog are served, see {@link TomcatEndpoint}),
     * turns keep-alive off (Tomcat sends {@code Connection: close} on the next response of every
     * connection: an endpoint whose socket is closed keeps none alive), gives idle
     * connections stopIdleTimeout, waits up to {@code grace} for every connection to end, then stops.
     * Not {@code connector.pause()}: a paused Tomcat answers the next request on a kept-alive
     * connection with 503, or closes it unanswered.
     */
    @Override
    void shutdown(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            // idle timeouts first: at maxConnections the acceptor drains the backlog only as connections close
            endpoint.closeIdleAfter(Math.min(options.stopIdleTimeout().toMillis(), options.keepAliveTimeout().toMillis()));
            // the backlog drained and the socket closed before keep-alive goes off: a client told to
            // close cannot reconnect into the closing backlog
            endpoint.stopAccepting(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            connector.getProtocolHandler().closeServerSocketGraceful();
            if (!awaitUntil(deadline, () -> endpoint.openConnections() == 0) && !grace.isZero()) {
                LOG.log(System.Logger.Level.WARNING, "tomcat: " + endpoint.openConnections()
                        + " connection(s) still open after the stop grace of " + grace.toMillis() + " ms; closing");
            }
        } finally {
            destroy(tomcat, baseDir);
            if (tls != null) {
                tls.close();
            }
        }
    }

    private static void destroy(Tomcat tomcat, Path baseDir) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            LOG.log(System.Logger.Level.WARNING, "tomcat did not stop cleanly", e);
        } finally {
            deleteTree(baseDir);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete tomcat's base directory " + dir, e);
        }
    }
}
