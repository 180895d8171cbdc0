package org.jwsgi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jwsgi.testing.MultipartBody;
import org.jwsgi.testing.TestClient;
import org.jwsgi.testing.TestResponse;
import org.jwsgi.validate.Validator;

/** The wiring (dispatcher, pages, middleware) and the pages' shared behaviour, on the socket-free client. */
class SampleAppTest {

    private final TestClient client = TestClient.of(Validator.defaults().wrap(new SampleApp()));

    @Test
    void homePageHasTheGreetingAndUploadForms() {
        TestResponse r = client.get("/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(r.body().length));
        assertThat(r.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(r.text()).contains("<form method=\"post\" action=\"/greet\" id=\"greet-form\">")
                .contains("action=\"/upload\" enctype=\"multipart/form-data\"")
                .contains("<strong id=\"server\">jwsgi-testclient</strong> at the root");
    }

    @Test
    void everyLinkOfAPageStaysUnderTheScriptName() {
        for (String page : new String[] {"/", "/environ", "/ticker"}) {
            TestResponse r = client.request("GET", page).environ("SCRIPT_NAME", "/sample-webapp").send();
            Matcher links = Pattern.compile("(?:href|action|src)=\"([^\"]*)\"").matcher(r.text());
            int count = 0;
            while (links.find()) {
                count++;
                // a mounted page's own SCRIPT_NAME is /sample-webapp/environ: links must not start there
                assertThat(links.group(1)).as(page).startsWith("/sample-webapp/").doesNotStartWith("/sample-webapp" + page + "/");
            }
            assertThat(count).as(page).isGreaterThan(5);
        }
        assertThat(client.request("GET", "/").environ("SCRIPT_NAME", "/sample-webapp").send().text())
                .contains("under <code id=\"script-name\">/sample-webapp</code>");
    }

    @Test
    void scriptNameIsPercentEncodedInLinks() {
        // SCRIPT_NAME is decoded bytes as ISO-8859-1: "/caf\u00c3\u00a9 x" is the context path "/café x"
        TestResponse r = client.request("GET", "/").environ("SCRIPT_NAME", "/caf\u00c3\u00a9 x").send();
        assertThat(r.text()).contains("href=\"/caf%C3%A9%20x/static/app.css\"").contains("/café x</code>");
    }

    @Test
    void anEmptyPathInfoIsTheHomePage() {
        TestResponse r = client.request("GET", "/").environ("SCRIPT_NAME", "/sample-webapp").environ("PATH_INFO", "").send();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("id=\"greet-form\"");
    }

    @ParameterizedTest
    @CsvSource({"/no/%3Cb%3Ehere, /no/<b>here", "/greet/x, /greet/x", "/environ/, /environ/"})
    void unknownPathIsA404NamingThePathEscaped(String target, String path) {
        TestResponse r = client.get(target);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(r.text()).contains("no page at " + Html.escape(path)).doesNotContain("<b>here");
    }

    @Test
    void unknownApiPathIsAJson404() {
        TestResponse r = client.get("/api/nothing");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.text()).isEqualTo("{\"error\":\"no page at /api/nothing\",\"status\":404}\n");
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /greet, POST",
        "PUT, /upload, POST",
        "POST, /, 'GET, HEAD'",
        "POST, /stream, 'GET, HEAD'",
        "POST, /api/greeting, 'GET, HEAD'",
    })
    void wrongMethodIsA405WithAllow(String method, String path, String allow) {
        TestResponse r = client.request(method, path).send();
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).isEqualTo(allow);
        assertThat(r.text()).contains(path + " takes " + allow + ", not " + method);
    }

    @Test
    void headIsAnsweredLikeGet() {
        TestResponse get = client.get("/environ");
        TestResponse head = client.request("HEAD", "/environ").send();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Type")).isEqualTo(get.header("Content-Type"));
        assertThat(head.body()).isEmpty();
    }

    @Test
    void environPageIsAnEscapedTableOfWhatTheMountedPageReceives() {
        TestResponse r = client.request("GET", "/environ?a=%3Cx%3E&b=<i>").environ("SCRIPT_NAME", "/sample-webapp")
                .header("X-Test", "\"quoted\" & <tagged>").send();
        assertThat(r.text())
                .contains("<tr><th scope=\"row\">SCRIPT_<wbr>NAME</th><td>/sample-webapp/environ</td><td class=\"type\">String</td></tr>")
                .contains("<tr><th scope=\"row\">PATH_<wbr>INFO</th><td></td><td class=\"type\">String</td></tr>")
                .contains("<tr><th scope=\"row\">sample.<wbr>root</th><td>/sample-webapp</td><td class=\"type\">String</td></tr>")
                .contains("<tr><th scope=\"row\">QUERY_<wbr>STRING</th><td>a=%3Cx%3E&amp;b=&lt;i&gt;</td>")
                .contains("<td>&quot;quoted&quot; &amp; &lt;tagged&gt;</td>")
                .contains("<tr><th scope=\"row\">wsgi.<wbr>multithread</th><td>false</td><td class=\"type\">Boolean</td></tr>")
                // objects in words, by the public type a program uses: no lambda or server class names
                .contains("<tr><th scope=\"row\">wsgi.<wbr>file_<wbr>wrapper</th><td><em>makes a response body of a file,")
                .contains("</em></td><td class=\"type\">FileWrapper</td></tr>")
                .contains("<td class=\"type\">InputStream</td>", "<td class=\"type\">List</td>")
                .doesNotContain("$$Lambda", "0x", "java.lang.", "java.util.")
                .doesNotContain("<tagged>");
    }

    @Test
    void pagesAreGzippedForClientsThatAskForIt() throws Exception {
        TestResponse plain = client.get("/");
        TestResponse r = client.request("GET", "/").header("Accept-Encoding", "gzip").send();
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        assertThat(plain.header("Content-Encoding")).isNull();
    }

    @Test
    void aFailingPageIsA500FromErrorCatcherWithoutItsStackTrace() throws Exception {
        // a wsgi.errors that is not a writer is the server's fault, not the client's: ErrorCatcher answers it
        Logger catcherLog = Logger.getLogger("org.jwsgi.middleware.ErrorCatcher");
        Level level = catcherLog.getLevel();
        catcherLog.setLevel(Level.OFF); // the failure is expected: keep its stack trace out of the build log
        try {
            MultipartBody upload = new MultipartBody().file("file", "a.txt", "text/plain", new byte[] {'a'});
            // not through the validator: it would (rightly) stop the broken environ before the app
            TestResponse r = TestClient.of(new SampleApp()).request("POST", "/upload")
                    .header("Content-Type", upload.contentType())
                    .body(upload.bytes()).environ("wsgi.errors", "not a writer").send();
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.header("Cache-Control")).isEqualTo("no-store");
            assertThat(r.text()).doesNotContain("ClassCastException");
        } finally {
            catcherLog.setLevel(level);
        }
    }
}
