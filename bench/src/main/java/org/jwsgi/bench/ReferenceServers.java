package org.jwsgi.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jwsgi.options.ServerOptions;

/**
 * The reference servers {@link Serve} starts: Jetty core and servlet, Tomcat servlet, the JDK's
 * HTTP server. Apart from {@code Serve} so that starting a WSGI server never loads a class of
 * theirs (the verifier of a class that names them loads them), which would count in its start-up.
 *
 * <pre>{@code
 * AutoCloseable server = ReferenceServers.start("jetty-core", ServerOptions.defaults().withPort(0));
 * // READY <port> on stdout; server.close() stops it
 * }</pre>
 */
final class ReferenceServers {

    private ReferenceServers() {
    }

    static AutoCloseable start(String name, ServerOptions o) throws Exception {
        switch (name) {
            case "jetty-core":
            case "jetty-servlet": {
                Server server = new Server();
                ServerConnector connector = new ServerConnector(server);
                connector.setHost(o.host());
                connector.setPort(o.port());
                server.addConnector(connector);
                if (name.equals("jetty-core")) {
                    server.setHandler(new JettyCoreHandler());
                } else {
                    ServletContextHandler context = new ServletContextHandler();
                    context.setContextPath("/");
                    context.addServlet(new ServletHolder(new BenchServlet()), "/*");
                    server.setHandler(context);
                }
                server.start();
                Serve.ready(connector.getLocalPort());
                return server::stop;
            }
            case "tomcat-servlet": {
                Path base = Files.createTempDirectory("jwsgi-bench-tomcat");
                Tomcat tomcat = new Tomcat();
                tomcat.setBaseDir(base.toString());
                Connector connector = new Connector();
                connector.setProperty("address", o.host());
                connector.setPort(o.port());
                tomcat.getService().addConnector(connector);
                tomcat.setConnector(connector);
                Context context = tomcat.addContext("", base.toString());
                Tomcat.addServlet(context, "bench", new BenchServlet());
                context.addServletMappingDecoded("/*", "bench");
                tomcat.start();
                Serve.ready(connector.getLocalPort());
                return () -> {
                    tomcat.stop();
                    tomcat.destroy();
                    deleteTree(base); // one per start: a benchmark run starts Tomcat many times
                };
            }
            case "jdk-httpserver": {
                HttpServer server = HttpServer.create(new InetSocketAddress(o.host(), o.port()), o.backlog());
                server.createContext("/", new JdkHandler());
                ExecutorService executor = perTaskExecutor();
                server.setExecutor(executor);
                server.start();
                Serve.ready(server.getAddress().getPort());
                return () -> {
                    server.stop(0);
                    executor.shutdownNow();
                };
            }
            default:
                throw new IllegalArgumentException("unknown server " + name.toLowerCase(Locale.ROOT));
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A virtual thread per task on Java 21+, else a cached pool of platform threads. */
    private static ExecutorService perTaskExecutor() {
        try {
            Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            return Executors.newCachedThreadPool();
        }
    }
}
