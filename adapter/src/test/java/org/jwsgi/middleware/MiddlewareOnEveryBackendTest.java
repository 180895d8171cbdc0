package org.jwsgi.middleware;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.staticfiles.StaticFiles;
import org.jwsgi.testing.EachBackend;
import org.jwsgi.testing.ServedApp;
import org.jwsgi.testing.TestClient;
import org.jwsgi.testing.TestResponse;

/** The middleware composed as docs/middleware.md recommends, on builtin, jetty and tomcat. */
class MiddlewareOnEveryBackendTest {

    private static final String TEXT = "line of streamed text\n".repeat(200);
    private static final Path ROOT;

    static {
        try {
            ROOT = Files.createTempDirectory("jwsgi-mw");
            Files.writeString(ROOT.resolve("digits.txt"), "0123456789");
            ROOT.toFile().deleteOnExit();
            ROOT.resolve("digits.txt").toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ServedApp
    static Application app() throws IOException {
        Application stream = (env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Type", "text/plain; charset=utf-8")));
            return org.jwsgi.TrackedBody.of(TEXT.substring(0, 1000), TEXT.substring(1000));
        };
        Application failing = (env, sr) -> {
            throw new IllegalStateException("boom <script>");
        };
        Application site = Dispatcher.builder()
                .mount("/static", StaticFiles.of(ROOT))
                .mount("/stream", stream)
                .mount("/fail", failing)
                .build();
        return ProxyFix.xForwarded().withForHops(1).wrap(
                RequestLog.to(line -> { }).wrap(ErrorCatcher.defaults().wrap(Gzip.defaults().wrap(site))));
    }

    @EachBackend
    void compressesAStreamedBodyThatDecompressesToTheOriginal(TestClient client) throws IOException {
        TestResponse r = client.request("GET", "/stream").header("Accept-Encoding", "gzip").send();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(new String(GzipTest.gunzip(r.body()), UTF_8)).isEqualTo(TEXT);
    }

    @EachBackend
    void servesARangeOfAFileThroughTheWholeStack(TestClient client) {
        TestResponse r = client.request("GET", "/static/digits.txt").header("Range", "bytes=3-5").send();
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.text()).isEqualTo("345");
        assertThat(r.header("Content-Range")).isEqualTo("bytes 3-5/10");
        assertThat(r.header("Content-Length")).isEqualTo("3");
    }

    @EachBackend
    void turnsAFailureIntoA500PageWithoutDetails(TestClient client) {
        TestResponse r = client.request("GET", "/fail").header("Accept", "text/html").send();
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        assertThat(r.text()).doesNotContain("boom").contains("Internal Server Error");
    }
}
