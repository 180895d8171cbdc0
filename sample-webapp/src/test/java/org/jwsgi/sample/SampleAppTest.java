package org.jwsgi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The router and the pages' shared behaviour, in memory. */
class SampleAppTest {

    private final SampleApp app = new SampleApp();

    @Test
    void homePageHasTheGreetingAndUploadForms() throws Exception {
        TestResponse r = TestRequest.get("/").call(app);
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
        assertThat(r.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(r.text()).contains("<form method=\"post\" action=\"/greet\" id=\"greet-form\">")
                .contains("action=\"/upload\" enctype=\"multipart/form-data\"")
                .contains("<strong id=\"server\">in-memory</strong> at the root");
    }

    @Test
    void everyLinkOfAPageStaysUnderTheScriptName() throws Exception {
        TestResponse r = TestRequest.get("/").scriptName("/sample-webapp").call(app);
        Matcher links = Pattern.compile("(?:href|action|src)=\"([^\"]*)\"").matcher(r.text());
        int count = 0;
        while (links.find()) {
            count++;
            assertThat(links.group(1)).startsWith("/sample-webapp/");
        }
        assertThat(count).isGreaterThan(10);
        assertThat(r.text()).contains("under <code id=\"script-name\">/sample-webapp</code>");
    }

    @Test
    void scriptNameIsPercentEncodedInLinks() throws Exception {
        // SCRIPT_NAME is decoded bytes as ISO-8859-1: "/caf\u00c3\u00a9 x" is the context path "/café x"
        TestResponse r = TestRequest.get("/").scriptName("/caf\u00c3\u00a9 x").call(app);
        assertThat(r.text()).contains("href=\"/caf%C3%A9%20x/static/app.css\"").contains("/café x</code>");
    }

    @Test
    void anEmptyPathInfoIsTheHomePage() throws Exception {
        TestResponse r = TestRequest.get("").scriptName("/sample-webapp").call(app);
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.text()).contains("id=\"greet-form\"");
    }

    @Test
    void unknownPathIsA404NamingThePathEscaped() throws Exception {
        TestResponse r = TestRequest.get("/no/%3Cb%3Ehere").call(app);
        assertThat(r.status()).isEqualTo("404 Not Found");
        assertThat(r.text()).contains("no page at /no/&lt;b&gt;here").doesNotContain("<b>here");
    }

    @Test
    void unknownApiPathIsAJson404() throws Exception {
        TestResponse r = TestRequest.get("/api/nothing").call(app);
        assertThat(r.code()).isEqualTo(404);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.text()).isEqualTo("{\"error\":\"no page at /api/nothing\",\"status\":404}\n");
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /greet, POST",
        "PUT, /upload, POST",
        "POST, /, 'GET, HEAD'",
        "DELETE, /static/app.css, 'GET, HEAD'",
        "POST, /stream, 'GET, HEAD'",
        "POST, /api/greeting, 'GET, HEAD'",
    })
    void wrongMethodIsA405WithAllow(String method, String path, String allow) throws Exception {
        TestResponse r = TestRequest.method(method, path).call(app);
        assertThat(r.status()).isEqualTo("405 Method Not Allowed");
        assertThat(r.header("Allow")).isEqualTo(allow);
        assertThat(r.text()).contains(path + " takes " + allow + ", not " + method);
    }

    @Test
    void headIsAnsweredLikeGet() throws Exception {
        TestResponse get = TestRequest.get("/environ").call(app);
        TestResponse head = TestRequest.method("HEAD", "/environ").call(app);
        assertThat(head.code()).isEqualTo(200);
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
    }

    @Test
    void environPageIsAnEscapedTable() throws Exception {
        TestResponse r = TestRequest.get("/environ?a=%3Cx%3E&b=<i>").scriptName("/sample-webapp")
                .header("X-Test", "\"quoted\" & <tagged>").call(app);
        assertThat(r.text())
                .contains("<tr><th scope=\"row\">SCRIPT_NAME</th><td>/sample-webapp</td><td>String</td></tr>")
                .contains("<tr><th scope=\"row\">PATH_INFO</th><td>/environ</td><td>String</td></tr>")
                .contains("<tr><th scope=\"row\">QUERY_STRING</th><td>a=%3Cx%3E&amp;b=&lt;i&gt;</td>")
                .contains("<td>&quot;quoted&quot; &amp; &lt;tagged&gt;</td>")
                .contains("<tr><th scope=\"row\">wsgi.multithread</th><td>true</td><td>java.lang.Boolean</td></tr>")
                .doesNotContain("<tagged>");
    }
}
