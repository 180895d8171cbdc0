package org.jwsgi.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jwsgi.Application;

/**
 * The paths a server answers itself, before the application: a health check, metrics. Every
 * server consults the same table before it calls the application (the bundled server for each
 * request head, the servlet bridge in {@code WsgiServlet.service}) and runs the endpoint's
 * {@link Application} exactly as it runs the user's, so an endpoint's answer is framed the same
 * on every backend. A path matches exactly, as sent (still percent-encoded, without the query);
 * the application never sees a request to it.
 *
 * <pre>{@code
 * Health health = new Health();
 * ServerEndpoints endpoints = ServerEndpoints.NONE
 *         .with(new ServerEndpoints.Endpoint("/healthz", health.app(), false));
 * ServerEndpoints.Endpoint own = endpoints.match(rawPath);   // null: the application's request
 * Application target = own != null ? own.app() : app;
 * boolean logIt = own == null || own.logged();
 * }</pre>
 */
public final class ServerEndpoints {

    /** No endpoint: every request goes to the application. */
    public static final ServerEndpoints NONE = new ServerEndpoints(Map.of());

    /**
     * One path the server answers.
     *
     * @param path the exact request path, starting with {@code /}
     * @param app what answers it
     * @param logged whether its requests go to the access log (and count as traffic)
     */
    public record Endpoint(String path, Application app, boolean logged) {

        public Endpoint {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(app, "app");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("an endpoint's path must start with /: \"" + path + "\"");
            }
        }
    }

    private final Map<String, Endpoint> byPath;

    private ServerEndpoints(Map<String, Endpoint> byPath) {
        this.byPath = byPath;
    }

    /**
     * These endpoints and {@code endpoint}.
     *
     * @throws IllegalArgumentException if its path is already taken
     */
    public ServerEndpoints with(Endpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (byPath.containsKey(endpoint.path())) {
            throw new IllegalArgumentException("two server endpoints on the path \"" + endpoint.path() + "\"");
        }
        Map<String, Endpoint> all = new LinkedHashMap<>(byPath);
        all.put(endpoint.path(), endpoint);
        return new ServerEndpoints(Map.copyOf(all));
    }

    /** The endpoint for {@code rawPath} (the request target up to {@code ?}, as sent), or null (also for null). */
    public Endpoint match(String rawPath) {
        return byPath.isEmpty() || rawPath == null ? null : byPath.get(rawPath);
    }

    /** Whether a request to {@code rawPath} belongs in the access log: true unless an unlogged endpoint answers it. */
    public boolean logged(String rawPath) {
        Endpoint e = match(rawPath);
        return e == null || e.logged();
    }

    /** Whether there is no endpoint at all. */
    public boolean isEmpty() {
        return byPath.isEmpty();
    }

    @Override
    public String toString() {
        return "ServerEndpoints" + byPath.keySet();
    }
}
