package org.jwsgi.gateway;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jwsgi.Application;

/**
 * Requests the server answers itself, before the application: a metrics scrape, a health check.
 * Every backend consults this table for each request once its environ is built (the bundled
 * server in {@code HttpConnection.serve}, the bridge in {@code WsgiServlet.service}) and, when
 * {@code PATH_INFO} equals an endpoint's path exactly, runs the endpoint's {@link Application}
 * instead of the user's. Endpoint requests are not application traffic: {@link ServerListener}s
 * see them flagged ({@link RequestRecord#endpoint()}), so metrics leave them out, and the access
 * log skips them unless the endpoint is {@linkplain Endpoint#logged() logged}.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.defaults()
 *         .withEndpoints(ServerEndpoints.none().with("/metrics", scrape));
 * }</pre>
 *
 * <p>The table is immutable; {@link #with} returns a new one. An empty table costs one check
 * per request.
 */
public final class ServerEndpoints {

    /**
     * One path the server answers itself.
     *
     * @param path matched exactly against {@code PATH_INFO}: starts with {@code /}, no query
     * @param app what answers it
     * @param logged whether its requests go to the access log (a probe every few seconds would
     *     drown the traffic, so not by default)
     */
    public record Endpoint(String path, Application app, boolean logged) {
        public Endpoint {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(app, "app");
            if (!path.startsWith("/") || path.indexOf('?') >= 0 || path.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException("an endpoint path starts with / and holds visible ASCII"
                        + " without a query: \"" + path + "\"");
            }
        }
    }

    private static final ServerEndpoints NONE = new ServerEndpoints(Map.of());

    private final Map<String, Endpoint> byPath;

    private ServerEndpoints(Map<String, Endpoint> byPath) {
        this.byPath = byPath;
    }

    /** The empty table: every request goes to the application. */
    public static ServerEndpoints none() {
        return NONE;
    }

    /** This table and {@code app} at {@code path}, not access-logged. */
    public ServerEndpoints with(String path, Application app) {
        return with(new Endpoint(path, app, false));
    }

    /**
     * This table and {@code endpoint}.
     *
     * @throws IllegalArgumentException if another endpoint has its path
     */
    public ServerEndpoints with(Endpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (byPath.containsKey(endpoint.path())) {
            throw new IllegalArgumentException("two server endpoints at " + endpoint.path());
        }
        Map<String, Endpoint> copy = new LinkedHashMap<>(byPath);
        copy.put(endpoint.path(), endpoint);
        return new ServerEndpoints(java.util.Collections.unmodifiableMap(copy));
    }

    /** The endpoint whose path is {@code pathInfo}, or null: the request goes to the application. */
    public Endpoint find(Object pathInfo) {
        return byPath.isEmpty() ? null : byPath.get(pathInfo);
    }

    /** Whether the table is empty. */
    public boolean isEmpty() {
        return byPath.isEmpty();
    }

    /** The endpoints, in the order they were added. */
    public Collection<Endpoint> all() {
        return byPath.values();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerEndpoints other && byPath.equals(other.byPath);
    }

    @Override
    public int hashCode() {
        return byPath.hashCode();
    }

    @Override
    public String toString() {
        return byPath.keySet().toString();
    }
}
