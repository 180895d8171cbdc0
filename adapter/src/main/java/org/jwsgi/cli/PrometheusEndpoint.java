package org.jwsgi.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;

/**
 * The CLI's metrics flag: a server endpoint (answered before the application, not counted as its
 * traffic) that serves {@code registry} in Prometheus's text format 0.0.4 to GET and HEAD.
 *
 * <pre>{@code
 * options.withEndpoint("/metrics", new PrometheusEndpoint(registry));
 * }</pre>
 */
final class PrometheusEndpoint implements Application {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    PrometheusEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) {
        Object method = environ.get(Environ.REQUEST_METHOD);
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            startResponse.start("405 Method Not Allowed", List.of(new Header("Allow", "GET, HEAD"),
                    new Header("Content-Type", "text/plain; charset=utf-8")));
            return List.of("405 Method Not Allowed: the metrics are read with GET\n".getBytes(StandardCharsets.UTF_8));
        }
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        startResponse.start("200 OK", List.of(new Header("Content-Type", CONTENT_TYPE),
                new Header("Cache-Control", "no-store")));
        return List.of(body);
    }
}
