package org.jwsgi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFilesTest {

    private final SampleApp app = new SampleApp();

    @Test
    void servesTheStylesheetFromTheClassPathWithValidators() throws Exception {
        TestResponse r = TestRequest.get("/static/app.css").call(app);
        byte[] expected;
        try (InputStream in = StaticFiles.class.getResourceAsStream("static/app.css")) {
            expected = in.readAllBytes();
        }
        assertThat(r.status()).isEqualTo("200 OK");
        assertThat(r.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(r.body()).isEqualTo(expected);
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(expected.length));
        assertThat(r.header("ETag")).matches("\"[0-9a-f]{24}\"");
        assertThat(r.header("Last-Modified")).endsWith(" GMT");
        assertThat(TestRequest.get("/static/ticker.js").call(app).header("Content-Type"))
                .isEqualTo("text/javascript; charset=utf-8");
    }

    @Test
    void aMatchingIfNoneMatchIs304WithoutBody() throws Exception {
        String etag = TestRequest.get("/static/app.css").call(app).header("ETag");
        for (String header : new String[] {etag, "\"other\", W/" + etag, "*"}) {
            TestResponse r = TestRequest.get("/static/app.css").header("If-None-Match", header).call(app);
            assertThat(r.status()).isEqualTo("304 Not Modified");
            assertThat(r.body()).isEmpty();
            assertThat(r.header("ETag")).isEqualTo(etag);
        }
        TestResponse changed = TestRequest.get("/static/app.css").header("If-None-Match", "\"other\"").call(app);
        assertThat(changed.code()).isEqualTo(200);
    }

    @Test
    void ifModifiedSinceIsHonouredOnlyWithoutIfNoneMatch() throws Exception {
        String lastModified = TestRequest.get("/static/app.css").call(app).header("Last-Modified");
        assertThat(TestRequest.get("/static/app.css").header("If-Modified-Since", lastModified).call(app).code()).isEqualTo(304);
        assertThat(TestRequest.get("/static/app.css").header("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")
                .call(app).code()).isEqualTo(200);
        assertThat(TestRequest.get("/static/app.css").header("If-Modified-Since", "not a date").call(app).code()).isEqualTo(200);
        assertThat(TestRequest.get("/static/app.css").header("If-Modified-Since", lastModified)
                .header("If-None-Match", "\"other\"").call(app).code()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static/../SampleApp.class", "/static/%2e%2e/SampleApp.class", "/static/a/../../x.css",
        "/static/./app.css", "/static/..%2fSampleApp.class"})
    void dotSegmentsAreRefusedWith400(String path) throws Exception {
        TestResponse r = TestRequest.get(path).call(app);
        assertThat(r.status()).isEqualTo("400 Bad Request");
        assertThat(r.text()).contains("segments are not allowed in a static file path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/static/", "/static/nope.css", "/static/app", "/static/app.css/", "/static/App.class",
        "/static//app.css", "/static/.hidden.css"})
    void unknownOrOddNamesAre404(String path) throws Exception {
        TestResponse r = TestRequest.get(path).call(app);
        assertThat(r.status()).isEqualTo("404 Not Found");
        assertThat(r.text()).contains("no static file");
    }
}
