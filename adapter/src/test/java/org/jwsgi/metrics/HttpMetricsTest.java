package org.jwsgi.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.middleware.Dispatcher;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;
import org.jwsgi.testing.EachBackend;

/** http.server.requests with Micrometer's tags, and the load gauges, on every backend. */
class HttpMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static Application ok(String text) {
        return (env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
            return List.of(text.getBytes(UTF_8));
        };
    }

    private final Application app = Dispatcher.builder()
            .mount("/api", ok("api"))
            .mount("/boom", (env, sr) -> {
                throw new IllegalStateException("boom");
            })
            .mount("/moved", (env, sr) -> {
                sr.start("302 Found", List.of(new Header("Location", "/api")));
                return List.of();
            })
            .build();

    private int get(RunningServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private long count(String method, String status, String outcome, String uri, String exception) {
        Timer t = registry.find(HttpMetrics.REQUESTS).tags("method", method, "status", status, "outcome", outcome,
                "uri", uri, "exception", exception).timer();
        return t == null ? 0 : t.count();
    }

    @EachBackend
    void timesRequestsWithMicrometersTagsAndABoundedUri(Backend backend) throws Exception {
        ServerOptions options = ServerOptions.defaults().withPort(0).withListener(HttpMetrics.of(registry))
                .withEndpoint("/metrics", ok("scrape"));
        try (RunningServer server = backend.start(app, options)) {
            assertThat(get(server, "/api/items/1")).isEqualTo(200);
            assertThat(get(server, "/api/items/2")).isEqualTo(200);
            assertThat(get(server, "/nowhere/123")).isEqualTo(404);
            assertThat(get(server, "/boom")).isEqualTo(500);
            assertThat(get(server, "/moved")).isEqualTo(302);
            assertThat(get(server, "/metrics")).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(count("GET", "200", "SUCCESS", "/api/**", "none")).isEqualTo(2);
                assertThat(count("GET", "404", "CLIENT_ERROR", "NOT_FOUND", "none")).isEqualTo(1);
                assertThat(count("GET", "500", "SERVER_ERROR", "/boom/**", "IllegalStateException")).isEqualTo(1);
                assertThat(count("GET", "302", "REDIRECTION", "/moved/**", "none")).isEqualTo(1);
            });
            // the raw paths never become tags, and the server endpoint is not app traffic
            assertThat(registry.find(HttpMetrics.REQUESTS).timers()).hasSize(4)
                    .noneMatch(t -> t.getId().getTag("uri").contains("items") || t.getId().getTag("uri").contains("metrics"));
        }
    }

    @EachBackend
    void gaugesOpenAndBusyConnectionsAndThePool(Backend backend) throws Exception {
        ServerOptions options = ServerOptions.defaults().withPort(0).withThreading(Threading.POOL).withPoolThreads(6)
                .withListener(HttpMetrics.of(registry));
        try (RunningServer server = backend.start(app, options)) {
            get(server, "/api"); // a keep-alive connection stays open
            Gauge open = registry.get("jwsgi.connections.open").tag("backend", backend.name()).tag("threading", "pool")
                    .gauge();
            assertThat(open.value()).isGreaterThanOrEqualTo(1);
            // the client may have its response a moment before the request's thread leaves the servlet
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> registry.get("jwsgi.connections.busy").gauge().value() == 0);
            assertThat(registry.get("jwsgi.connections.max").gauge().value()).isEqualTo(10_000);
            assertThat(registry.get("jwsgi.threads.max").gauge().value()).isEqualTo(6);
            assertThat(registry.get("jwsgi.threads.busy").gauge().value()).isBetween(0.0, 6.0);
        }
    }
}
