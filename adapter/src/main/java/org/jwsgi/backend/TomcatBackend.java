package org.jwsgi.backend;

import java.io.IOException;
import org.jwsgi.Application;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.options.ServerOptions;

/**
 * The {@code tomcat} backend: embedded Tomcat 11 running the application through
 * {@link org.jwsgi.servlet.WsgiServlet} mapped at {@code /*} in the root context, so
 * {@code SCRIPT_NAME} is {@code ""} as on the bundled server. It needs {@code tomcat-embed-core}
 * (an optional dependency of jwsgi-adapter) on the class path; without it the backend is listed
 * by {@link Backend#all()} but not {@link #available()}.
 *
 * <pre>{@code
 * try (RunningServer server = new TomcatBackend().start(new HelloApp(), ServerOptions.defaults().withPort(0))) {
 *     System.out.println(server.uri());
 * }
 * }</pre>
 *
 * <p>docs/backends.md has the table of how each {@link ServerOptions} maps onto Tomcat.
 * {@link org.jwsgi.options.Threading#SINGLE} is refused with an {@link IllegalArgumentException}.
 */
public final class TomcatBackend implements Backend {

    /** For {@link java.util.ServiceLoader}; keeps no Tomcat type so it loads without Tomcat. */
    public TomcatBackend() {
    }

    @Override
    public String name() {
        return "tomcat";
    }

    @Override
    public boolean available() {
        return Containers.present("org.apache.catalina.startup.Tomcat", "jakarta.servlet.http.HttpServlet");
    }

    @Override
    public RunningServer start(Application app, ServerOptions options, AccessLogSink accessLog) throws IOException {
        java.util.Objects.requireNonNull(app, "app");
        Containers.check(name(), options);
        if (!available()) {
            throw Containers.missing(name(), "org.apache.tomcat.embed:tomcat-embed-core");
        }
        return TomcatServer.start(app, options, accessLog); // the first use of a Tomcat type: loaded only now
    }
}
