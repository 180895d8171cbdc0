package org.jwsgi.backend;

import java.io.IOException;
import org.jwsgi.Application;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.options.ServerOptions;

/**
 * The {@code jetty} backend: embedded Jetty 12 (ee10) running the application through
 * {@link org.jwsgi.servlet.WsgiServlet} mapped at {@code /*} in the root context, so
 * {@code SCRIPT_NAME} is {@code ""} as on the bundled server. It needs {@code jetty-server} and
 * {@code jetty-ee10-servlet} (optional dependencies of jwsgi-adapter) on the class path; without
 * them it is listed by {@link Backend#all()} but not {@link #available()}.
 *
 * <pre>{@code
 * try (RunningServer server = new JettyBackend().start(new HelloApp(), ServerOptions.defaults().withPort(0))) {
 *     System.out.println(server.uri());
 * }
 * }</pre>
 *
 * <p>docs/backends.md has the table of how each {@link ServerOptions} maps onto Jetty.
 * {@link org.jwsgi.options.Threading#SINGLE} is refused with an {@link IllegalArgumentException}.
 */
public final class JettyBackend implements Backend {

    /** For {@link java.util.ServiceLoader}; keeps no Jetty type so it loads without Jetty. */
    public JettyBackend() {
    }

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public boolean available() {
        return Containers.present("org.eclipse.jetty.server.Server",
                "org.eclipse.jetty.ee10.servlet.ServletContextHandler", "jakarta.servlet.http.HttpServlet");
    }

    @Override
    public RunningServer start(Application app, ServerOptions options, AccessLogSink accessLog) throws IOException {
        java.util.Objects.requireNonNull(app, "app");
        Containers.check(name(), options);
        if (!available()) {
            throw Containers.missing(name(), "org.eclipse.jetty:jetty-server and org.eclipse.jetty.ee10:jetty-ee10-servlet");
        }
        if (options.http2() && !Containers.present("org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory",
                "org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory")) {
            throw new IllegalStateException("http2 on the jetty backend needs org.eclipse.jetty.http2:jetty-http2-server"
                    + " and org.eclipse.jetty:jetty-alpn-java-server on the class path (optional dependencies of"
                    + " jwsgi-adapter; see docs/tls.md)");
        }
        return JettyServer.start(app, options, accessLog); // the first use of a Jetty type: loaded only now
    }
}
