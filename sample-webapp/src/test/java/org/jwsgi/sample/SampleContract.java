package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.jwsgi.testing.GeneratedBytes;
import org.jwsgi.testing.MultipartBody;

/**
 * What the sample must do over real HTTP, whoever serves it: the bundled server at the root, or
 * the WAR in Tomcat or Jetty under {@code /sample-webapp}. Each IT implements this interface with
 * its server's {@link #base()}; the checks are the same for all.
 *
 * <pre>{@code
 * class TomcatWarIT implements SampleContract {
 *     public URI base() { return tomcat.uri("/sample-webapp/"); }
 *     public String scriptName() { return "/sample-webapp"; }
 *     public String serverSoftware() { return "Apache Tomcat/"; }
 * }
 * }</pre>
 */
interface SampleContract {

    /** The application's base URL, ending with {@code /}. */
    URI base();

    /** The SCRIPT_NAME the application sees: {@code ""} at the root, the context path in a container. */
    String scriptName();

    /** How SERVER_SOFTWARE starts: {@code jwsgi/}, {@code Apache Tomcat/}, {@code jetty/}. */
    String serverSoftware();

    private URI at(String path) {
        return base().resolve(path);
    }

    @Test
    default void homePageLinksStayUnderTheMount() throws Exception {
        HttpResponse<String> r = Http.get(base());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v.replace(" ", "")).isEqualToIgnoringCase("text/html;charset=utf-8"));
        assertThat(r.body()).contains("id=\"greet-form\"").contains("enctype=\"multipart/form-data\"");
        Matcher links = Pattern.compile("(?:href|action|src)=\"([^\"]*)\"").matcher(r.body());
        int count = 0;
        while (links.find()) {
            count++;
            assertThat(links.group(1)).startsWith(scriptName() + "/");
        }
        assertThat(count).isGreaterThan(10);
    }

    @Test
    default void formPostShowsTheValuesEscaped() throws Exception {
        HttpResponse<String> r = Http.post(at("greet"), "application/x-www-form-urlencoded",
                HttpRequest.BodyPublishers.ofString("name=%3Cb%3EAda+L%C3%B8velace%3C%2Fb%3E&message=1+%3C+2+%26+%22q%22"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<p class=\"greeting\" id=\"greeting\">Hello, &lt;b&gt;Ada Løvelace&lt;/b&gt;!</p>")
                .contains("<blockquote id=\"message\">1 &lt; 2 &amp; &quot;q&quot;</blockquote>");
    }

    @Test
    default void malformedFormEncodingIsA400NamingTheProblem() throws Exception {
        HttpResponse<String> r = Http.post(at("greet"), "application/x-www-form-urlencoded",
                HttpRequest.BodyPublishers.ofString("name=%G1"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("malformed percent-escape &quot;%G1&quot; in field &quot;name=%G1&quot; of the form body");
    }

    @Test
    default void jsonGreetingNamesTheMountAndTheServer() throws Exception {
        HttpResponse<String> r = Http.get(at("api/greeting?name=Ada"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(r.body()).startsWith("{\"greeting\":\"Hello, Ada!\",\"name\":\"Ada\",\"scriptName\":\"" + scriptName()
                + "\",\"server\":\"" + serverSoftware());
    }

    @Test
    default void tenMegabyteUploadStreamsThroughWithItsSha256() throws Exception {
        MultipartBody body = new MultipartBody().field("note", "ten megabytes").file("file", "ten-mb.bin", 2024, 10_000_000);
        HttpResponse<String> r = Http.post(at("upload"), body.contentType(), body.publisher(), "Accept", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"files\":[{\"field\":\"file\",\"name\":\"ten-mb.bin\",\"type\":\"application/octet-stream\","
                + "\"size\":10000000,\"sha256\":\"" + GeneratedBytes.sha256(2024, 10_000_000) + "\"}],"
                + "\"fields\":{\"note\":\"ten megabytes\"}}\n");
    }

    @Test
    default void uploadOverTheLimitIsA413BeforeTheBodyIsSent() throws Exception {
        // only the head goes out: the answer must come from the declared length alone
        Http.RawResponse r = Http.raw(base(), "POST " + at("upload").getRawPath() + " HTTP/1.1\r\n"
                + "Content-Type: " + new MultipartBody().contentType() + "\r\nContent-Length: 20000000");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.body()).contains("the multipart body (20000000 bytes) is larger than maxBytes=16777216");
    }

    @Test
    default void streamArrivesLineByLine() throws Exception {
        int lines = 6;
        int interval = 200;
        HttpResponse<java.io.InputStream> r = Http.CLIENT.send(
                Http.request(at("stream?lines=" + lines + "&interval=" + interval)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-length")).isEmpty();
        List<Long> arrivals = new ArrayList<>();
        List<String> received = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                arrivals.add(System.nanoTime());
                received.add(line);
            }
        }
        assertThat(received).hasSize(lines);
        assertThat(received.get(0)).isEqualTo("line 1 of 6 at +0 ms");
        // produced over 1000 ms: a server that buffered the body would deliver every line at once
        long spreadMs = (arrivals.get(lines - 1) - arrivals.get(0)) / 1_000_000;
        assertThat(spreadMs).as("ms between the first and the last line's arrival").isGreaterThanOrEqualTo((lines - 1) * interval / 2);
    }

    @Test
    default void staticFileHasItsTypeAndRevalidatesWith304() throws Exception {
        HttpResponse<String> r = Http.get(at("static/app.css"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(
                v -> assertThat(v.replace(" ", "")).isEqualToIgnoringCase("text/css;charset=utf-8"));
        assertThat(r.body()).contains("font: 16px/1.5 system-ui");
        String etag = r.headers().firstValue("etag").orElseThrow();
        String lastModified = r.headers().firstValue("last-modified").orElseThrow();
        HttpResponse<String> again = Http.get(at("static/app.css"), "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(Http.get(at("static/app.css"), "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
    }

    @Test
    default void dotSegmentsNeverReachAFile() throws Exception {
        // whoever refuses (the container before the app, or the app), no class file comes out
        for (String path : List.of("static/%2e%2e/SampleApp.class", "static/%2E%2E/%2E%2E/WEB-INF/web.xml")) {
            Http.RawResponse r = Http.raw(base(), "GET " + base().getRawPath() + path + " HTTP/1.1");
            assertThat(r.status()).as(path).isBetween(400, 404);
            assertThat(r.body()).doesNotContain("<servlet-class>").doesNotContain("org/jwsgi/sample");
        }
    }

    @Test
    default void environPageShowsTheScriptName() throws Exception {
        HttpResponse<String> r = Http.get(at("environ?x=1"));
        assertThat(r.statusCode()).isEqualTo(200);
        // the dispatcher mounted the page at /environ: that prefix moved from PATH_INFO to SCRIPT_NAME
        assertThat(r.body()).contains(environRow("SCRIPT_NAME", scriptName() + "/environ"))
                .contains(environRow("PATH_INFO", ""))
                .contains(environRow("sample.root", scriptName()))
                .contains(environRow("QUERY_STRING", "x=1"));
    }

    /** A string's row on /environ: its key may wrap after {@code _} and {@code .}. */
    private static String environRow(String key, String value) {
        return "<tr><th scope=\"row\">" + key.replace("_", "_<wbr>").replace(".", ".<wbr>") + "</th><td>" + value
                + "</td><td class=\"type\">String</td></tr>";
    }

    @Test
    default void unknownPathIs404AndWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> missing = Http.get(at("no-such-page"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no page at /no-such-page");
        HttpResponse<String> wrong = Http.get(at("greet"));
        assertThat(wrong.statusCode()).isEqualTo(405);
        assertThat(wrong.headers().firstValue("allow")).hasValue("POST");
        assertThat(wrong.body()).contains("/greet takes POST, not GET");
    }
}
