package org.jwsgi.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.gateway.AccessLogFormat;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.gateway.ServerListener;
import org.jwsgi.gateway.ServerLoad;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;
import org.jwsgi.testing.EachBackend;

/**
 * What every backend tells about a request, alike: the {@link RequestRecord} its listeners get,
 * the request id (environ, response header), the server endpoints answered before the app, and
 * the JSON access-log line made from the same record.
 */
class ObservedRequestsTest {

    private final List<RequestRecord> records = new CopyOnWriteArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> accessLines = new CopyOnWriteArrayList<>();
    private final AtomicInteger appCalls = new AtomicInteger();
    private final Logger access = Logger.getLogger("org.jwsgi.access");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            accessLines.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final ServerListener listener = new ServerListener() {
        @Override
        public void requestEnded(RequestRecord r) {
            records.add(r);
        }

        @Override
        public void started(ServerLoad load) {
            events.add("started " + load.backend() + " " + load.threading());
        }

        @Override
        public void stopping() {
            events.add("stopping");
        }
    };

    /** /items/N: route /items/{id}, reads the body, answers the request id it saw. */
    private final Application app = (env, sr) -> {
        appCalls.incrementAndGet();
        env.put(Environ.JWSGI_ROUTE, "/items/{id}");
        byte[] in = ((InputStream) env.get(Environ.WSGI_INPUT)).readAllBytes();
        sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
        return List.of((env.get(Environ.JWSGI_REQUEST_ID) + " " + env.get("HTTP_X_REQUEST_ID") + " " + in.length)
                .getBytes(UTF_8));
    };

    @BeforeEach
    void captureAccessLog() {
        access.addHandler(capture);
        access.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        access.removeHandler(capture);
    }

    private RunningServer start(Backend backend) throws Exception {
        ServerOptions options = ServerOptions.defaults().withPort(0).withStopGrace(Duration.ofSeconds(2))
                .withAccessLog(true).withAccessLogFormat(AccessLogFormat.JSON).withRequestId(true)
                .withListener(listener)
                .withEndpoint("/ping", (env, sr) -> {
                    sr.start("200 OK", List.of());
                    return List.of("pong".getBytes(UTF_8));
                });
        return backend.start(app, options);
    }

    private HttpResponse<String> send(URI base, String method, String path, String requestId, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (requestId != null) {
            b.header("X-Request-Id", requestId);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The listener runs when the response has gone out: the client may see it a moment earlier. */
    private RequestRecord recordOf(String target) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> records.stream().anyMatch(r -> r.target().equals(target)));
        return records.stream().filter(r -> r.target().equals(target)).findFirst().orElseThrow();
    }

    @EachBackend
    void recordsEachRequestAlikeWithItsIdRouteAndBytes(Backend backend) throws Exception {
        try (RunningServer server = start(backend)) {
            HttpResponse<String> r = send(server.uri(), "POST", "/items/7?x=1", "abc-123", "hello");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-Request-Id")).hasValue("abc-123");
            assertThat(r.body()).isEqualTo("abc-123 abc-123 5");

            RequestRecord rec = recordOf("/items/7?x=1");
            assertThat(rec.method()).isEqualTo("POST");
            assertThat(rec.path()).isEqualTo("/items/7");
            assertThat(rec.query()).isEqualTo("x=1");
            assertThat(rec.protocol()).isEqualTo("HTTP/1.1");
            assertThat(rec.status()).isEqualTo(200);
            assertThat(rec.bytesIn()).isEqualTo(5);
            assertThat(rec.bytesOut()).isEqualTo(r.body().length());
            assertThat(rec.route()).isEqualTo("/items/{id}");
            assertThat(rec.requestId()).isEqualTo("abc-123");
            assertThat(rec.backend()).isEqualTo(backend.name());
            assertThat(rec.threading()).isEqualTo(Threading.PER_CONNECTION.label());
            assertThat(rec.connectionId()).isNotBlank();
            assertThat(rec.remoteAddr()).isEqualTo("127.0.0.1");
            assertThat(rec.durationNanos()).isPositive();
            assertThat(rec.endpoint()).isFalse();
            assertThat(rec.failure()).isNull();

            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> accessLines.stream()
                    .anyMatch(l -> l.contains("\"path\":\"/items/7\"")));
            Map<String, String> json = FlatJson.parse(accessLines.stream()
                    .filter(l -> l.contains("\"path\":\"/items/7\"")).findFirst().orElseThrow());
            assertThat(json).containsEntry("method", "POST").containsEntry("query", "x=1")
                    .containsEntry("status", "200").containsEntry("bytes_in", "5")
                    .containsEntry("bytes_out", Integer.toString(r.body().length()))
                    .containsEntry("request_id", "abc-123").containsEntry("route", "/items/{id}")
                    .containsEntry("backend", backend.name()).containsEntry("threading", "per-connection")
                    .containsEntry("connection", rec.connectionId()).containsEntry("remote", "127.0.0.1");
            assertThat(json.get("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(json.get("duration_ms")).matches("\\d+\\.\\d{3}");
        }
        assertThat(events).containsExactly("started " + backend.name() + " per-connection", "stopping");
    }

    @EachBackend
    void replacesAnUnacceptableRequestIdButLeavesTheHeaderAsSent(Backend backend) throws Exception {
        String tooLong = "x".repeat(201);
        try (RunningServer server = start(backend)) {
            HttpResponse<String> r = send(server.uri(), "GET", "/items/8", tooLong, null);
            String id = r.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(id).matches("[0-9a-f]{32}");
            assertThat(r.body()).isEqualTo(id + " " + tooLong + " 0");
            HttpResponse<String> none = send(server.uri(), "GET", "/items/9", null, null);
            assertThat(none.headers().firstValue("X-Request-Id")).hasValueSatisfying(v -> assertThat(v)
                    .matches("[0-9a-f]{32}").isNotEqualTo(id));
            assertThat(recordOf("/items/9").requestId()).isEqualTo(none.headers().firstValue("X-Request-Id").get());
        }
    }

    @EachBackend
    void answersAServerEndpointBeforeTheAppAndLeavesItOutOfTheAccessLog(Backend backend) throws Exception {
        try (RunningServer server = start(backend)) {
            HttpResponse<String> r = send(server.uri(), "GET", "/ping", null, null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("pong");
            assertThat(appCalls).hasValue(0);
            assertThat(recordOf("/ping").endpoint()).isTrue();
            send(server.uri(), "GET", "/items/1", null, null);
            recordOf("/items/1");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> accessLines.stream()
                    .anyMatch(l -> l.contains("\"path\":\"/items/1\"")));
            assertThat(accessLines).noneMatch(l -> l.contains("/ping"));
        }
    }

    @EachBackend
    void logsOneStartUpLineWithTheUrlBackendThreadingAndLimits(Backend backend) throws Exception {
        Logger jwsgi = Logger.getLogger("org.jwsgi");
        List<LogRecord> seen = new CopyOnWriteArrayList<>();
        Handler startup = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage() != null && r.getMessage().startsWith("serving on ")) {
                    seen.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jwsgi.addHandler(startup);
        // the CLI's console log (MainTest runs it in this JVM) quiets these loggers for its own line
        List<Logger> startupLoggers = Stream.of("org.jwsgi.server.WsgiServer", "org.jwsgi.backend.JettyServer",
                "org.jwsgi.backend.TomcatServer").map(Logger::getLogger).toList();
        List<Level> levels = startupLoggers.stream().map(Logger::getLevel).toList();
        startupLoggers.forEach(l -> l.setLevel(Level.INFO));
        try (RunningServer server = start(backend)) {
            assertThat(seen).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.INFO);
                assertThat(r.getMessage()).isEqualTo("serving on " + server.uri() + " (" + backend.name()
                        + ", a " + (org.jwsgi.gateway.VirtualThreads.available() ? "virtual" : "platform")
                        + " thread per connection, at most 10000 connections, maxBodyBytes=1073741824,"
                        + " headerReadTimeout=20 s, keepAliveTimeout=20 s)");
            });
        } finally {
            jwsgi.removeHandler(startup);
            for (int i = 0; i < startupLoggers.size(); i++) {
                startupLoggers.get(i).setLevel(levels.get(i));
            }
        }
    }

    @EachBackend
    void reportsTheLoadOfTheRunningServer(Backend backend) throws Exception {
        try (RunningServer server = start(backend)) {
            send(server.uri(), "GET", "/items/1", null, null); // a keep-alive connection stays open
            ServerLoad load = server.load();
            assertThat(load.backend()).isEqualTo(backend.name());
            assertThat(load.openConnections()).isGreaterThanOrEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> server.load().busyConnections() == 0);
            assertThat(load.maxConnections()).isEqualTo(10_000);
        }
    }
}
