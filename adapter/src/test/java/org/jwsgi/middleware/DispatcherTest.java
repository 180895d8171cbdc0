package org.jwsgi.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.testing.TestClient;

class DispatcherTest {

    /** Answers "name SCRIPT_NAME PATH_INFO" (a "-" for an empty one). */
    static Application echo(String name) {
        return (env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
            return List.of((name + " " + dash(env.get("SCRIPT_NAME")) + " " + dash(env.get("PATH_INFO")))
                    .getBytes(StandardCharsets.ISO_8859_1));
        };
    }

    private static String dash(Object s) {
        return "".equals(s) ? "-" : (String) s;
    }

    private final TestClient client = TestClient.of(Dispatcher.builder()
            .mount("/api", echo("api"))
            .mount("/api/v2", echo("v2"))
            .mount("/static", echo("static"))
            .fallback(echo("fallback"))
            .build());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/api          | api /api -",
            "/api/         | api /api /",
            "/api/items/1  | api /api /items/1",
            "/apix         | fallback - /apix",
            "/api/v2       | v2 /api/v2 -",
            "/api/v2/x     | v2 /api/v2 /x",
            "/api/v2x      | api /api /v2x",
            "/api/v3/x     | api /api /v3/x",
            "/static/a.css | static /static /a.css",
            "/             | fallback - /",
            "/API/x        | fallback - /API/x",
            "/api%2Fx      | api /api /x",
            "/api/../x     | fallback - /x", // no dot segment reaches an app: WsgiEnviron.decodePath
            "/api/v2/../x  | api /api /x",
            "/api/%2e%2e/x | fallback - /x",
    })
    void routesToTheLongestWholeSegmentPrefix(String target, String expected) {
        assertThat(client.get(target).text()).isEqualTo(expected.strip());
    }

    @Test
    void appendsThePrefixToAnExistingScriptName() {
        Application d = Dispatcher.builder().mount("/api", echo("api")).build();
        assertThat(TestClient.of(d).request("GET", "/api/x").environ("SCRIPT_NAME", "/app").send().text())
                .isEqualTo("api /app/api /x");
    }

    @Test
    void givesTheMountedAppACopySoTheCallersEnvironKeepsTheRequestedPath() {
        AtomicReference<Map<String, Object>> outer = new AtomicReference<>();
        Application mutating = (env, sr) -> {
            env.put("PATH_INFO", "/changed");
            env.put("app.note", "x");
            return echo("m").call(env, sr);
        };
        Application d = Dispatcher.builder().mount("/m", mutating).build();
        TestClient.of((env, sr) -> {
            outer.set(env);
            return d.call(env, sr);
        }).get("/m/y");
        assertThat(outer.get()).containsEntry("PATH_INFO", "/m/y").containsEntry("SCRIPT_NAME", "")
                .doesNotContainKey("app.note");
    }

    @Test
    void setsTheMountAsTheRouteOfTheCallersEnvironUnlessTheMountedAppSetsAFinerOne() {
        AtomicReference<Map<String, Object>> outer = new AtomicReference<>();
        Application fine = (env, sr) -> {
            env.put(org.jwsgi.Environ.JWSGI_ROUTE, "/api/v2/items/{id}");
            return echo("fine").call(env, sr);
        };
        Application inner = Dispatcher.builder().mount("/v2", fine).mount("/v1", echo("v1")).build();
        Application d = Dispatcher.builder().mount("/api", inner).mount("/static", echo("static"))
                .fallback(echo("pages")).build();
        Application capture = (env, sr) -> {
            outer.set(env);
            return d.call(env, sr);
        };
        TestClient.of(capture).get("/static/a.css");
        assertThat(outer.get()).containsEntry(org.jwsgi.Environ.JWSGI_ROUTE, "/static/**");
        TestClient.of(capture).get("/api/v1/x");
        assertThat(outer.get()).containsEntry(org.jwsgi.Environ.JWSGI_ROUTE, "/api/v1/**");
        TestClient.of(capture).get("/api/v2/items/7");
        assertThat(outer.get()).containsEntry(org.jwsgi.Environ.JWSGI_ROUTE, "/api/v2/items/{id}");
        TestClient.of(capture).get("/about");
        assertThat(outer.get()).doesNotContainKey(org.jwsgi.Environ.JWSGI_ROUTE);
    }

    @Test
    void answers404NamingThePathWhenNothingMatchesAndThereIsNoFallback() {
        var r = TestClient.of(Dispatcher.builder().mount("/api", echo("api")).build()).get("/apix/%3Cb%3E");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).contains("/apix/%3Cb%3E");
        assertThat(r.header("Content-Type")).startsWith("text/plain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "api", "/api/", "/", "/a//b", "/a/../b", "/a/.", "/.."})
    void refusesAPrefixThatIsNotSlashAndSegments(String prefix) {
        assertThatThrownBy(() -> Dispatcher.builder().mount(prefix, echo("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"" + prefix + "\"");
    }

    @Test
    void refusesTheSamePrefixTwice() {
        assertThatThrownBy(() -> Dispatcher.builder().mount("/a", echo("x")).mount("/a", echo("y")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mounted twice");
    }
}
