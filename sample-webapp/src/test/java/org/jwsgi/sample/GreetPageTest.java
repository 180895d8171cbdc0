package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.jwsgi.testing.TestClient;
import org.jwsgi.validate.Validator;
import org.jwsgi.testing.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The form POST, the JSON and the text greeting, on the socket-free client. */
class GreetPageTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    private final TestClient client = TestClient.of(Validator.defaults().wrap(new SampleApp()));

    @Test
    void formResultShowsTheSubmittedValuesEscaped() {
        TestResponse r = client.post("/greet", FORM, "name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&message=Tom+%26+%22Jerry%22");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text())
                .contains("<p class=\"greeting\" id=\"greeting\">Hello, &lt;script&gt;alert(1)&lt;/script&gt;!</p>")
                .contains("<blockquote id=\"message\">Tom &amp; &quot;Jerry&quot;</blockquote>")
                .doesNotContain("<script>alert");
    }

    @Test
    void formIsReadAsUtf8() {
        assertThat(client.post("/greet", FORM, "name=Ren%C3%A9+%E6%97%A5%E6%9C%AC").text()).contains("Hello, René 日本!");
    }

    @Test
    void formWithAChunkedBodyIsReadToItsEnd() {
        TestResponse r = client.request("POST", "/greet").header("Content-Type", FORM + "; charset=UTF-8")
                .body(new ByteArrayInputStream("message=hi&name=Ada".getBytes(UTF_8)), -1).send();
        assertThat(r.text()).contains("Hello, Ada!");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "name=%zz       | malformed percent-escape \"%zz\" in field \"name=%zz\" of the form body",
        "name=abc%4     | malformed percent-escape \"%4\" in field \"name=abc%4\" of the form body",
        "name=%C3%28    | of the form body",
        "message=hello  | the field \"name\" is required",
        "name=+++       | the field \"name\" is required",
        "name=&message= | the field \"name\" is required",
    })
    void badFormsAre400NamingTheProblem(String form, String message) {
        TestResponse r = client.post("/greet", FORM, form);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8"); // the sample's error page
        assertThat(r.text()).contains(Html.escape(message));
    }

    @Test
    void aNameOverTheLimitIsRefused() {
        TestResponse r = client.post("/greet", FORM, "name=" + "x".repeat(GreetPage.MAX_NAME + 1));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("the field &quot;name&quot; is longer than 100 characters");
    }

    @Test
    void anotherContentTypeIs415() {
        TestResponse r = client.post("/greet", "application/json", "{\"name\":\"Ada\"}");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.text()).contains("a form must be sent as application/x-www-form-urlencoded, not &quot;application/json&quot;");
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeReadingIt() {
        TestResponse r = client.request("POST", "/greet").header("Content-Type", FORM).body(new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read although its length was over the limit");
            }
        }, 70_000).send();
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).contains("the form body (70000 bytes) is larger than maxBytes=65536");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() {
        byte[] big = ("name=" + "a".repeat(GreetPage.MAX_BODY_BYTES)).getBytes(UTF_8);
        TestResponse r = client.request("POST", "/greet").header("Content-Type", FORM)
                .body(new ByteArrayInputStream(big), -1).send();
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).contains("the form body is larger than maxBytes=65536");
    }

    @Test
    void jsonGreetingNamesTheMountAndServer() {
        TestResponse r = client.request("GET", "/api/greeting?name=Ren%C3%A9").environ("SCRIPT_NAME", "/sample-webapp").send();
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.text()).isEqualTo("{\"greeting\":\"Hello, Ren\\u00e9!\",\"name\":\"Ren\\u00e9\","
                + "\"scriptName\":\"/sample-webapp\",\"server\":\"jwsgi-testclient\"}\n");
    }

    @Test
    void jsonGreetingWithMalformedQueryIsAJson400() {
        TestResponse r = client.get("/api/greeting?name=%E6%97");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.text()).startsWith("{\"error\":\"").contains("of the query string").endsWith(",\"status\":400}\n");
    }

    @Test
    void textGreetingDefaultsToWorld() {
        assertThat(client.get("/hello").text()).isEqualTo("Hello, World!\n");
        assertThat(client.get("/hello?name=").text()).isEqualTo("Hello, World!\n");
        assertThat(client.get("/hello?name=Ada&name=Bob").text()).isEqualTo("Hello, Ada!\n");
    }
}
