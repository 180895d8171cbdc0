package org.jwsgi.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.gateway.ServerListener;
import org.jwsgi.gateway.ServerLoad;

/**
 * Micrometer metrics of a jwsgi server, the same on every backend: a {@link ServerListener} to add
 * to the server's options. It records
 *
 * <ul>
 *   <li>{@code http.server.requests}, a timer per request with Micrometer's (and Spring's) tags:
 *       {@code method} (the standard methods, else {@code UNKNOWN}), {@code status}, {@code outcome}
 *       ({@code SUCCESS}, {@code CLIENT_ERROR}, ...), {@code uri} and {@code exception}
 *       ({@code none}, or the simple class name of what escaped the application). {@code uri} is
 *       the route the application put in the environ's {@code jwsgi.route} (a template such as
 *       {@code /users/{id}}; {@code Dispatcher} sets its mount, {@code /api/**}), else
 *       {@code NOT_FOUND} for a 404, {@code REDIRECTION} for a 3xx, {@code root} for {@code /},
 *       {@code UNKNOWN} for the rest: never the raw path, whose values have no bound;</li>
 *   <li>gauges of the server's load: {@code jwsgi.connections.open}, {@code jwsgi.connections.busy}
 *       (serving a request), {@code jwsgi.connections.max}, and where requests run on a pool,
 *       {@code jwsgi.threads.busy} and {@code jwsgi.threads.max}; tagged {@code backend} and
 *       {@code threading}.</li>
 * </ul>
 *
 * Requests a {@link org.jwsgi.gateway.ServerEndpoints server endpoint} answers (the metrics scrape
 * itself, a health probe) are not application traffic and are not counted.
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();
 * ServerOptions options = ServerOptions.defaults().withListener(HttpMetrics.of(registry));
 * try (RunningServer server = Backend.named("jetty").start(app, options)) { ... }
 * }</pre>
 *
 * micrometer-core is an optional dependency of jwsgi-adapter: add it to use this class.
 */
public final class HttpMetrics implements ServerListener {

    /** The timer's name, Micrometer's convention for server requests. */
    public static final String REQUESTS = "http.server.requests";

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE",
            "PATCH", "CONNECT");

    private record Key(String method, int status, String uri, String exception) {
    }

    private final MeterRegistry registry;
    /** The timers by their tag values: a registry lookup builds and sorts the tags, this does not. */
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    private HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Metrics into {@code registry}. */
    public static HttpMetrics of(MeterRegistry registry) {
        return new HttpMetrics(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public void requestEnded(RequestRecord r) {
        if (r.endpoint()) {
            return;
        }
        Key key = new Key(METHODS.contains(r.method()) ? r.method() : "UNKNOWN", r.status(), uri(r),
                r.failure() == null ? "none" : r.failure().getClass().getSimpleName());
        timers.computeIfAbsent(key, this::timer).record(r.durationNanos(), TimeUnit.NANOSECONDS);
    }

    private Timer timer(Key k) {
        return Timer.builder(REQUESTS)
                .description("HTTP requests served by the application")
                .tags("method", k.method(), "status", k.status() == 0 ? "UNKNOWN" : Integer.toString(k.status()),
                        "outcome", Outcome.forStatus(k.status()).name(), "uri", k.uri(), "exception", k.exception())
                .register(registry);
    }

    /** The route the application named, else a word for the kind of answer: never the raw path. */
    static String uri(RequestRecord r) {
        if (r.route() != null && !r.route().isEmpty()) {
            return r.route();
        }
        int status = r.status();
        if (status == 404) {
            return "NOT_FOUND";
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        return r.path().equals("/") ? "root" : "UNKNOWN";
    }

    @Override
    public void started(ServerLoad load) {
        Tags tags = Tags.of("backend", load.backend(), "threading", load.threading());
        gauge("jwsgi.connections.open", "Connections open, idle ones included", load, ServerLoad::openConnections, tags);
        gauge("jwsgi.connections.busy", "Connections serving a request", load, ServerLoad::busyConnections, tags);
        gauge("jwsgi.connections.max", "The most connections open at once (maxConnections)", load,
                ServerLoad::maxConnections, tags);
        if (load.maxThreads() >= 0) {
            gauge("jwsgi.threads.busy", "Request pool threads running a request", load, ServerLoad::busyThreads, tags);
            gauge("jwsgi.threads.max", "The size of the request pool", load, ServerLoad::maxThreads, tags);
        }
    }

    private void gauge(String name, String description, ServerLoad load, ToIntFunction<ServerLoad> read, Tags tags) {
        Gauge.builder(name, load, l -> read.applyAsInt(l)).description(description).tags(tags)
                .strongReference(true).register(registry);
    }
}
