package org.jwsgi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.jwsgi.testing.TestClient;
import org.jwsgi.validate.Validator;
import org.jwsgi.testing.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /static/*}: the library's {@code StaticFiles} over the class path directory
 * {@code org/jwsgi/sample/static}, as the sample mounts it. Here the directory is
 * {@code target/classes}; the ITs serve it from inside the jar and the WAR.
 */
class StaticFilesTest {

    private final TestClient client = TestClient.of(Validator.defaults().wrap(new SampleApp()));

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = SampleApp.class.getResourceAsStream("static/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void servesTheStylesheetFromTheClassPathWithValidators() throws Exception {
        TestResponse r = client.get("/static/app.css");
        byte[] expected = resource("app.css");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(r.body()).isEqualTo(expected);
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(expected.length));
        assertThat(r.header("ETag")).matches("\"[0-9a-f-]+\"");
        assertThat(r.header("Last-Modified")).endsWith(" GMT");
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache"); // revalidated every time: a new build shows at once
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(client.get("/static/ticker.js").header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
    }

    @Test
    void aMatchingIfNoneMatchIs304WithoutBody() {
        String etag = client.get("/static/app.css").header("ETag");
        for (String header : new String[] {etag, "\"other\", W/" + etag, "*"}) {
            TestResponse r = client.request("GET", "/static/app.css").header("If-None-Match", header).send();
            assertThat(r.status()).isEqualTo(304);
            assertThat(r.body()).isEmpty();
            assertThat(r.header("ETag")).isEqualTo(etag);
        }
        assertThat(client.request("GET", "/static/app.css").header("If-None-Match", "\"other\"").send().status()).isEqualTo(200);
    }

    @Test
    void aGzippedStylesheetRevalidatesWithItsWeakTag() {
        TestResponse r = client.request("GET", "/static/app.css").header("Accept-Encoding", "gzip").send();
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("ETag")).startsWith("W/\""); // other bytes than the file's: no longer a strong tag
        assertThat(client.request("GET", "/static/app.css").header("Accept-Encoding", "gzip")
                .header("If-None-Match", r.header("ETag")).send().status()).isEqualTo(304);
    }

    @Test
    void ifModifiedSinceIsHonouredOnlyWithoutIfNoneMatch() {
        String lastModified = client.get("/static/app.css").header("Last-Modified");
        assertThat(client.request("GET", "/static/app.css").header("If-Modified-Since", lastModified).send().status())
                .isEqualTo(304);
        assertThat(client.request("GET", "/static/app.css").header("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")
                .send().status()).isEqualTo(200);
        assertThat(client.request("GET", "/static/app.css").header("If-Modified-Since", "not a date").send().status())
                .isEqualTo(200);
        assertThat(client.request("GET", "/static/app.css").header("If-Modified-Since", lastModified)
                .header("If-None-Match", "\"other\"").send().status()).isEqualTo(200);
    }

    @Test
    void aRangeIsA206() throws Exception {
        TestResponse r = client.request("GET", "/static/app.css").header("Range", "bytes=0-9").send();
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.body()).hasSize(10).isEqualTo(java.util.Arrays.copyOf(resource("app.css"), 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static//app.css", "/static/a%5c..%5cSampleApp.class"})
    void oddPathsAreRefusedWith400(String path) {
        TestResponse r = client.get(path);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).startsWith("400 Bad Request: the path").doesNotContain("org/jwsgi");
    }

    /**
     * Dot segments, plain or encoded, are resolved before any application runs (docs/security.md):
     * what climbs out of /static/ lands on another route of the app, never on a file outside the root.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/static/../SampleApp.class", "/static/%2e%2e/SampleApp.class", "/static/a/../../x.css",
        "/static/..%2fSampleApp.class"})
    void dotSegmentsAreResolvedBeforeTheApp(String path) {
        TestResponse r = client.get(path);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).doesNotContain("org/jwsgi");
    }

    @Test
    void aDotSegmentInsideTheRootServesTheFile() {
        assertThat(client.get("/static/./app.css").status()).isEqualTo(200);
        assertThat(client.get("/static/x/../app.css").status()).isEqualTo(200);
    }

    @Test
    void aPathAboveTheRootIsRefusedBeforeTheApp() {
        TestResponse r = client.get("/static/../../SampleApp.class");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("climbs above the root");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static/", "/static", "/static/nope.css", "/static/app", "/static/app.css/",
        "/static/App.class", "/static/.hidden.css"})
    void unknownOrOddNamesAre404(String path) {
        TestResponse r = client.get(path);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).startsWith("404 Not Found: /static");
    }

    @Test
    void otherMethodsAre405WithAllow() {
        TestResponse r = client.request("DELETE", "/static/app.css").send();
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
    }
}
