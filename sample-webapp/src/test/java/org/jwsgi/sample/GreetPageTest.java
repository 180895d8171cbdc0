package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The form POST, the JSON and the text greeting, in memory. */
class GreetPageTest {

    private final SampleApp app = new SampleApp();

    @Test
    void formResultShowsTheSubmittedValuesEscaped() throws Exception {
        TestResponse r = TestRequest.form("/greet", "name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&message=Tom+%26+%22Jerry%22").call(app);
        assertThat(r.status()).isEqualTo("200 OK");
        assertThat(r.text())
                .contains("<p class=\"greeting\" id=\"greeting\">Hello, &lt;script&gt;alert(1)&lt;/script&gt;!</p>")
                .contains("<blockquote id=\"message\">Tom &amp; &quot;Jerry&quot;</blockquote>")
                .doesNotContain("<script>alert");
    }

    @Test
    void formIsReadAsUtf8() throws Exception {
        TestResponse r = TestRequest.form("/greet", "name=Ren%C3%A9+%E6%97%A5%E6%9C%AC").call(app);
        assertThat(r.text()).contains("Hello, René 日本!");
    }

    @Test
    void formWithAChunkedBodyIsReadToItsEnd() throws Exception {
        TestResponse r = TestRequest.method("POST", "/greet").header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .body(new ByteArrayInputStream("message=hi&name=Ada".getBytes(UTF_8))).call(app);
        assertThat(r.text()).contains("Hello, Ada!");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name=%zz                   | 400 Bad Request | malformed form encoding in the form: \"%\" at byte 5 is not followed by two hex digits",
        "name=abc%4                 | 400 Bad Request | malformed form encoding in the form: \"%\" at byte 8 is not followed by two hex digits",
        "name=%C3%28                | 400 Bad Request | malformed form encoding in the form: bytes 5 to 11 are not valid UTF-8 once percent-decoded",
        "message=hello              | 400 Bad Request | the field \"name\" is required",
        "name=+++                   | 400 Bad Request | the field \"name\" is required",
    })
    void badFormsAreClear4xx(String form, String status, String message) throws Exception {
        TestResponse r = TestRequest.form("/greet", form).call(app);
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.text()).contains(Html.escape(message));
    }

    @Test
    void aNameOverTheLimitIsRefused() throws Exception {
        TestResponse r = TestRequest.form("/greet", "name=" + "x".repeat(GreetPage.MAX_NAME + 1)).call(app);
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.text()).contains("the field &quot;name&quot; is longer than 100 characters");
    }

    @Test
    void anotherContentTypeIs415() throws Exception {
        TestResponse r = TestRequest.post("/greet", "application/json", "{\"name\":\"Ada\"}".getBytes(UTF_8)).call(app);
        assertThat(r.status()).isEqualTo("415 Unsupported Media Type");
        assertThat(r.text()).contains("the form must be sent as application/x-www-form-urlencoded, not &quot;application/json&quot;");
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeReadingIt() throws Exception {
        TestResponse r = TestRequest.method("POST", "/greet").header("Content-Type", "application/x-www-form-urlencoded")
                .header("Content-Length", "70000").body(new InputStream() {
                    @Override
                    public int read() {
                        throw new AssertionError("the body was read although its length was over the limit");
                    }
                }).call(app);
        assertThat(r.status()).isEqualTo("413 Content Too Large");
        assertThat(r.text()).contains("the form body (70000 bytes) is larger than the limit of 65536 bytes");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        byte[] big = ("name=" + "a".repeat(FormData.MAX_BODY_BYTES)).getBytes(UTF_8);
        TestResponse r = TestRequest.method("POST", "/greet").header("Content-Type", "application/x-www-form-urlencoded")
                .body(new ByteArrayInputStream(big)).call(app);
        assertThat(r.code()).isEqualTo(413);
        assertThat(r.text()).contains("more than 65536 bytes");
    }

    @Test
    void jsonGreetingNamesTheMountAndServer() throws Exception {
        TestResponse r = TestRequest.get("/api/greeting?name=Ren%C3%A9").scriptName("/sample-webapp").call(app);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.text()).isEqualTo("{\"greeting\":\"Hello, Ren\\u00e9!\",\"name\":\"Ren\\u00e9\","
                + "\"scriptName\":\"/sample-webapp\",\"server\":\"in-memory\"}\n");
    }

    @Test
    void jsonGreetingWithMalformedQueryIsAJson400() throws Exception {
        TestResponse r = TestRequest.get("/api/greeting?name=%E6%97").call(app);
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.text()).startsWith("{\"error\":\"malformed form encoding in the query string");
    }

    @Test
    void textGreetingDefaultsToWorld() throws Exception {
        assertThat(TestRequest.get("/hello").call(app).text()).isEqualTo("Hello, World!\n");
        assertThat(TestRequest.get("/hello?name=Ada&name=Bob").call(app).text()).isEqualTo("Hello, Ada!\n");
    }
}
