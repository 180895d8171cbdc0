package org.jwsgi.middleware;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.StartResponse;
import org.jwsgi.util.Responses;
import org.jwsgi.util.Uris;

/**
 * Mounts applications at path prefixes, as Werkzeug's {@code DispatcherMiddleware} and Paste's
 * {@code URLMap}: a request goes to the application with the longest prefix that matches whole
 * segments of {@code PATH_INFO} ({@code /api} takes {@code /api} and {@code /api/x}, never
 * {@code /apix}), with the prefix moved from {@code PATH_INFO} to the end of {@code SCRIPT_NAME}.
 * Nothing matches: the fallback, or {@code 404 Not Found} when there is none.
 *
 * <pre>{@code
 * Application site = Dispatcher.builder()
 *         .mount("/api", api)                       // GET /api/items: SCRIPT_NAME "/api", PATH_INFO "/items"
 *         .mount("/static", StaticFiles.of(Path.of("public")))
 *         .fallback(pages)                          // everything else, environ unchanged
 *         .build();
 * }</pre>
 *
 * <p><b>A mounted application gets a copy of the environ.</b> PEP 3333 lets an application
 * change the environ it is given, and this one must change two keys. Working on a shallow copy
 * means the caller's map still says which path was requested when the middleware around the
 * dispatcher reads it later (while the body is iterated, at {@code close()}), and nothing a
 * mounted application does to its environ leaks back out. The copy costs one small map per
 * request. Values are shared ({@code wsgi.input} is the same stream). The fallback gets the
 * caller's environ itself: nothing in it changes.
 *
 * <p><b>The route.</b> The request's {@code jwsgi.route} (what metrics tag it with, never the raw
 * path) becomes the mount, {@code /api/**}, unless the mounted application sets a finer one (a
 * template from the root, {@code /api/items/{id}}), which is then copied back to the caller's environ.
 *
 * <p>The match is on the decoded {@code PATH_INFO}, case-sensitive, so {@code /api%2Fx} is
 * {@code /api/x}. Dot segments are not resolved (servers pass them as sent): {@code /api/../x}
 * goes to {@code /api} with {@code PATH_INFO} {@code /../x}, so a mounted application must not
 * trust its path any more than a root one. {@link Uris#shiftPathInfo} is not used to move the
 * prefix because it normalises {@code SCRIPT_NAME} and skips empty segments; here
 * {@code SCRIPT_NAME + PATH_INFO} stays exactly the path as received.
 */
public final class Dispatcher implements Application {

    private record Mount(String prefix, Application app) {
    }

    private final List<Mount> mounts;
    private final Application fallback;

    private Dispatcher(List<Mount> mounts, Application fallback) {
        this.mounts = mounts;
        this.fallback = fallback;
    }

    /** A builder with no mounts and no fallback. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws Exception {
        String pathInfo = Objects.toString(environ.get(Environ.PATH_INFO), "");
        for (Mount m : mounts) {
            String p = m.prefix;
            if (pathInfo.startsWith(p) && (pathInfo.length() == p.length() || pathInfo.charAt(p.length()) == '/')) {
                Map<String, Object> mounted = new HashMap<>(environ);
                String script = Objects.toString(environ.get(Environ.SCRIPT_NAME), "") + p;
                mounted.put(Environ.SCRIPT_NAME, script);
                mounted.put(Environ.PATH_INFO, pathInfo.substring(p.length()));
                String route = script + "/**";
                mounted.put(Environ.JWSGI_ROUTE, route);
                try {
                    return m.app.call(mounted, startResponse);
                } finally {
                    // the route goes back to the caller's environ (the server's reads it), the mounted
                    // application's own when it set a finer one
                    environ.put(Environ.JWSGI_ROUTE, mounted.getOrDefault(Environ.JWSGI_ROUTE, route));
                }
            }
        }
        if (fallback != null) {
            return fallback.call(environ, startResponse);
        }
        return Responses.text(startResponse, "404 Not Found", "404 Not Found: nothing is mounted at " + Uris.requestPath(environ));
    }

    /** Collects the mounts; {@link #build()} orders them longest prefix first. */
    public static final class Builder {
        private final Map<String, Application> mounts = new HashMap<>();
        private Application fallback;

        private Builder() {
        }

        /**
         * Mounts {@code app} at {@code prefix}: {@code "/"} followed by segments, no trailing
         * {@code /}, no empty, {@code .} or {@code ..} segment (e.g. {@code "/api"},
         * {@code "/api/v2"}). To catch everything else, use {@link #fallback}.
         *
         * @throws IllegalArgumentException naming the prefix if it has another shape or is mounted twice
         */
        public Builder mount(String prefix, Application app) {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(app, "app");
            if (!prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("//")
                    || prefix.contains("/./") || prefix.endsWith("/.") || prefix.contains("/../") || prefix.endsWith("/..")) {
                throw new IllegalArgumentException("mount prefix must be \"/\" and segments, without a trailing \"/\","
                        + " \".\" or \"..\" (e.g. \"/api\"): \"" + prefix + "\"");
            }
            if (mounts.putIfAbsent(prefix, app) != null) {
                throw new IllegalArgumentException("prefix mounted twice: \"" + prefix + "\"");
            }
            return this;
        }

        /** The application for requests no prefix matches, called with the environ unchanged. */
        public Builder fallback(Application app) {
            this.fallback = Objects.requireNonNull(app, "app");
            return this;
        }

        public Dispatcher build() {
            List<Mount> list = new ArrayList<>();
            mounts.forEach((p, a) -> list.add(new Mount(p, a)));
            list.sort(Comparator.comparingInt((Mount m) -> m.prefix.length()).reversed());
            return new Dispatcher(List.copyOf(list), fallback);
        }
    }
}
