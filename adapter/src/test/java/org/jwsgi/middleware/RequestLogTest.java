package org.jwsgi.middleware;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.TrackedBody;
import org.jwsgi.testing.TestClient;

class RequestLogTest {

    private final List<RequestLog.Entry> entries = new ArrayList<>();

    private TestClient client(Application app) {
        return TestClient.of(RequestLog.to(entries::add).wrap(app));
    }

    @Test
    void logsMethodPathStatusBytesAndDurationOnceAtClose() {
        TrackedBody body = TrackedBody.of("hello ", "", "world");
        client((env, sr) -> {
            sr.start("201 Created", List.of(new Header("Content-Type", "text/plain")));
            env.put("PATH_INFO", "/changed-by-the-app");
            return body;
        }).request("POST", "/items/caf%C3%A9?x=1").environ("SCRIPT_NAME", "/api").environ("REMOTE_ADDR", "203.0.113.7").send();
        assertThat(entries).hasSize(1);
        RequestLog.Entry e = entries.get(0);
        assertThat(e.method()).isEqualTo("POST");
        assertThat(e.path()).isEqualTo("/api/items/caf%C3%A9?x=1");
        assertThat(e.status()).isEqualTo(201);
        assertThat(e.bytes()).isEqualTo(11);
        assertThat(e.duration()).isPositive();
        assertThat(e.failure()).isNull();
        assertThat(e.toString()).matches("203\\.0\\.113\\.7 POST /api/items/caf%C3%A9\\?x=1 201 11 \\d+\\.\\d{3} ms");
        assertThat(body.closes.get()).isEqualTo(1);
    }

    @Test
    void measuresUntilTheBodyIsClosedNotUntilTheCallReturns() throws Exception {
        Iterable<byte[]> out = RequestLog.to(entries::add).wrap((env, sr) -> {
            sr.start("200 OK", List.of());
            return TrackedBody.of("x");
        }).call(new java.util.HashMap<>(java.util.Map.of("REQUEST_METHOD", "GET")), (s, h, e) -> d -> { });
        assertThat(entries).isEmpty();
        long slow = System.nanoTime() + Duration.ofMillis(30).toNanos();
        while (System.nanoTime() < slow) {
            Thread.onSpinWait(); // a slow client: the server is still sending
        }
        ((AutoCloseable) out).close();
        ((AutoCloseable) out).close();
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).duration()).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    }

    @Test
    void countsWhatTheWriteCallableSentAndKeepsAListAList() throws Exception {
        client((env, sr) -> {
            sr.start("200 OK", List.of()).write("abc".getBytes(UTF_8));
            return List.of("de".getBytes(UTF_8));
        }).get("/");
        assertThat(entries.get(0).bytes()).isEqualTo(5);
        Iterable<byte[]> out = RequestLog.to(entries::add).wrap((env, sr) -> {
            sr.start("200 OK", List.of());
            return List.of("de".getBytes(UTF_8));
        }).call(new java.util.HashMap<>(), (s, h, e) -> d -> { });
        assertThat(out).isInstanceOf(Collection.class).isInstanceOf(AutoCloseable.class);
    }

    @Test
    void logsAndRethrowsAFailureOfTheCallOrTheBody() {
        assertThatThrownBy(() -> client((env, sr) -> {
            throw new IllegalStateException("in call");
        }).get("/a")).hasMessage("in call");
        TrackedBody body = TrackedBody.failingAt(1, "x");
        assertThatThrownBy(() -> client((env, sr) -> {
            sr.start("200 OK", List.of());
            return body;
        }).get("/b")).hasMessage("generator failed at chunk 1");
        assertThat(entries).extracting(RequestLog.Entry::path, RequestLog.Entry::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/a", 0), org.assertj.core.groups.Tuple.tuple("/b", 200));
        assertThat(entries.get(1).failure()).hasMessage("generator failed at chunk 1");
        assertThat(entries.get(1).toString()).contains("failed: java.lang.IllegalStateException");
        assertThat(body.closes.get()).isEqualTo(1);
    }

    @Test
    void logsTheStatusAnErrorPageReplacedItWith() {
        client(ErrorCatcher.defaults().withLogger(new ErrorCatcherTest.Recorded()).wrap((env, sr) -> {
            sr.start("200 OK", List.of());
            throw new IllegalStateException("x");
        })).get("/");
        assertThat(entries.get(0).status()).isEqualTo(500);
    }
}
