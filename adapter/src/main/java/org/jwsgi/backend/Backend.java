package org.jwsgi.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.jwsgi.Application;
import org.jwsgi.gateway.AccessLog;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.options.ServerOptions;

/**
 * A server that can run an {@link Application}: the bundled one ({@code builtin}), embedded
 * Jetty 12 ({@code jetty}) or embedded Tomcat 11 ({@code tomcat}). Backends are found with
 * {@link ServiceLoader}; Jetty and Tomcat are optional dependencies, so a backend whose server
 * is not on the class path reports {@link #available()} {@code false}.
 *
 * <pre>{@code
 * try (RunningServer server = Backend.named("tomcat").start(app, ServerOptions.defaults().withPort(0))) {
 *     HttpRequest.newBuilder(server.uri().resolve("/hello")) ...
 * }
 * }</pre>
 *
 * <p>Every backend reads the same {@link ServerOptions}; docs/backends.md has the table of which
 * option each one honours and how.
 */
public interface Backend {

    /** The name the CLI and the test kit use: {@code builtin}, {@code jetty}, {@code tomcat}. */
    String name();

    /** Whether this backend's server classes are on the class path. */
    default boolean available() {
        return true;
    }

    /**
     * Starts {@code app} on {@code options.host()}:{@code options.port()} (0 = a port the OS
     * chooses) and returns once it accepts connections. With {@link ServerOptions#accessLog()} a
     * line per request goes to {@code System.Logger} {@code org.jwsgi.access} at INFO.
     *
     * @throws IllegalStateException if the backend is not {@link #available()}
     * @throws IllegalArgumentException if {@code options} ask for what this backend cannot do
     * @throws java.io.IOException if the address cannot be bound
     */
    default RunningServer start(Application app, ServerOptions options) throws java.io.IOException {
        return start(app, options, null);
    }

    /**
     * {@link #start(Application, ServerOptions)}, the access log's lines (with
     * {@link ServerOptions#accessLog()}) going to {@code accessLog}: queued by the request and
     * formatted and written by a background thread ({@link AccessLog}), off the request path; a
     * graceful stop writes the lines of every request it let finish, then closes the sink.
     *
     * @param accessLog where the access log goes; null: {@code System.Logger} {@code org.jwsgi.access}
     *     on the request's thread
     */
    RunningServer start(Application app, ServerOptions options, AccessLogSink accessLog) throws java.io.IOException;

    /** Every backend found, in the order {@code builtin}, {@code jetty}, {@code tomcat}, then others by name. */
    static List<Backend> all() {
        List<Backend> found = new ArrayList<>();
        ServiceLoader.load(Backend.class, Backend.class.getClassLoader()).forEach(found::add);
        found.sort((a, b) -> {
            int ra = rank(a.name());
            int rb = rank(b.name());
            return ra != rb ? Integer.compare(ra, rb) : a.name().compareTo(b.name());
        });
        return List.copyOf(found);
    }

    /** The backends whose server is on the class path, in the order of {@link #all()}. */
    static List<Backend> installed() {
        return all().stream().filter(Backend::available).toList();
    }

    /**
     * The backend called {@code name}.
     *
     * @throws IllegalArgumentException naming the backends there are, if none is called so
     */
    static Backend named(String name) {
        if (name.equals("builtin")) {
            return new BuiltinBackend(); // always there: no need to scan the class path for it
        }
        List<Backend> all = all();
        for (Backend b : all) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("no backend named \"" + name + "\"; available: "
                + String.join(", ", all.stream().filter(Backend::available).map(Backend::name).toList()));
    }

    private static int rank(String name) {
        return switch (name) {
            case "builtin" -> 0;
            case "jetty" -> 1;
            case "tomcat" -> 2;
            default -> 3;
        };
    }
}
