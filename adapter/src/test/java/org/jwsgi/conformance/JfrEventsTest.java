package org.jwsgi.conformance;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.testing.EachBackend;

/**
 * The JFR events on every backend: {@code org.jwsgi.Request} per request with the record's fields,
 * {@code org.jwsgi.RequestRefused} naming the limit, and the connection events where the backend
 * has them (builtin, jetty).
 */
class JfrEventsTest {

    private static final List<String> EVENTS = List.of("org.jwsgi.Request", "org.jwsgi.RequestRefused",
            "org.jwsgi.ConnectionOpened", "org.jwsgi.ConnectionClosed");

    private List<RecordedEvent> record(Backend backend, ServerOptions options, Exchange exchange) throws Exception {
        Path file = Files.createTempFile("jwsgi-", ".jfr");
        try (Recording recording = new Recording()) {
            EVENTS.forEach(e -> recording.enable(e).withThreshold(Duration.ZERO));
            recording.start();
            try (RunningServer server = backend.start((env, sr) -> {
                env.put(Environ.JWSGI_ROUTE, "/r/{x}");
                ((InputStream) env.get(Environ.WSGI_INPUT)).readAllBytes();
                sr.start("201 Created", List.of(new Header("Content-Type", "text/plain")));
                return List.of("created".getBytes(UTF_8));
            }, options)) {
                exchange.run(server.uri());
            }
            recording.stop();
            recording.dump(file);
            return RecordingFile.readAllEvents(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    interface Exchange {
        void run(URI base) throws Exception;
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    @EachBackend
    void recordsEachRequestWithItsFields(Backend backend) throws Exception {
        List<RecordedEvent> events = record(backend, ServerOptions.defaults().withPort(0), base -> {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/r/1?q=2"))
                    .header("X-Request-Id", "jfr-1").POST(HttpRequest.BodyPublishers.ofString("abc")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(201);
        });
        List<RecordedEvent> requests = named(events, "org.jwsgi.Request");
        assertThat(requests).singleElement().satisfies(e -> {
            assertThat(e.getString("method")).isEqualTo("POST");
            assertThat(e.getString("path")).isEqualTo("/r/1");
            assertThat(e.getString("query")).isEqualTo("q=2");
            assertThat(e.getInt("status")).isEqualTo(201);
            assertThat(e.getLong("bytesIn")).isEqualTo(3);
            assertThat(e.getLong("bytesOut")).isEqualTo(7);
            assertThat(e.getString("backend")).isEqualTo(backend.name());
            assertThat(e.getString("threading")).isEqualTo("per-connection");
            assertThat(e.getString("connectionId")).isNotBlank();
            assertThat(e.getString("requestId")).isEqualTo("jfr-1");
            assertThat(e.getString("route")).isEqualTo("/r/{x}");
            assertThat(e.getDuration().isNegative()).isFalse();
        });
        if (!backend.name().equals("tomcat")) { // Tomcat has no public hook on its connections
            String id = requests.get(0).getString("connectionId");
            assertThat(named(events, "org.jwsgi.ConnectionOpened")).anySatisfy(e ->
                    assertThat(e.getString("connectionId")).isEqualTo(id));
            assertThat(named(events, "org.jwsgi.ConnectionClosed")).anySatisfy(e -> {
                assertThat(e.getString("connectionId")).isEqualTo(id);
                assertThat(e.getString("backend")).isEqualTo(backend.name());
            });
        }
    }

    @EachBackend
    void recordsARefusalWithTheLimitThatTripped(Backend backend) throws Exception {
        // a limit of its own per backend: JFR's string pool, shared by the recordings of one JVM,
        // would leave out a reason the previous recording already wrote
        int limit = backend.name().length();
        List<RecordedEvent> events = record(backend, ServerOptions.defaults().withPort(0).withMaxBodyBytes(limit), base -> {
            try (Socket s = new Socket(base.getHost(), base.getPort())) {
                OutputStream out = s.getOutputStream();
                out.write("POST /r/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nConnection: close\r\n\r\n0123456789"
                        .getBytes(US_ASCII));
                out.flush();
                assertThat(new String(s.getInputStream().readAllBytes(), US_ASCII)).startsWith("HTTP/1.1 413");
            }
        });
        assertThat(named(events, "org.jwsgi.RequestRefused")).singleElement().satisfies(e -> {
            assertThat(e.getInt("status")).isEqualTo(413);
            assertThat(e.getString("limit")).isEqualTo("maxBodyBytes");
            assertThat(e.getString("reason")).contains("maxBodyBytes=" + limit);
            assertThat(e.getString("backend")).isEqualTo(backend.name());
        });
    }

    @EachBackend("builtin")
    void recordsAHeadRefusedByTheParserWithItsLimit(Backend backend) throws Exception {
        List<RecordedEvent> events = record(backend, ServerOptions.defaults().withPort(0).withMaxHeaderCount(2), base -> {
            try (Socket s = new Socket(base.getHost(), base.getPort())) {
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\n\r\n".getBytes(US_ASCII));
                assertThat(new String(s.getInputStream().readAllBytes(), US_ASCII)).startsWith("HTTP/1.1 431");
            }
        });
        assertThat(named(events, "org.jwsgi.RequestRefused")).singleElement().satisfies(e -> {
            assertThat(e.getInt("status")).isEqualTo(431);
            assertThat(e.getString("limit")).isEqualTo("maxHeaderCount");
        });
        assertThat(named(events, "org.jwsgi.Request")).isEmpty();
    }
}
