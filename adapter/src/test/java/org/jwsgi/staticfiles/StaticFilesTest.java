package org.jwsgi.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwsgi.Application;
import org.jwsgi.gateway.FileBody;
import org.jwsgi.testing.TestClient;
import org.jwsgi.testing.TestResponse;

/** {@link StaticFiles} on the socket-free client; traversal has its own test, {@link StaticTraversalTest}. */
class StaticFilesTest {

    private static final String DIGITS = "0123456789";

    @TempDir
    Path root;

    private TestClient client;
    private final AtomicReference<Iterable<byte[]>> lastBody = new AtomicReference<>();

    @BeforeEach
    void files() throws Exception {
        Files.writeString(root.resolve("digits.txt"), DIGITS);
        Files.setLastModifiedTime(root.resolve("digits.txt"), FileTime.from(Instant.parse("2023-11-14T22:13:20Z")));
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.createDirectories(root.resolve("empty-dir"));
        Files.writeString(root.resolve("App.JS"), "x()");
        Files.writeString(root.resolve("data.bin"), "b");
        Files.writeString(root.resolve("caf\u00e9.txt"), "utf-8 name");
        Files.writeString(root.resolve("empty.txt"), "");
        StaticFiles files = StaticFiles.of(root);
        client = TestClient.of((env, sr) -> {
            Iterable<byte[]> body = files.call(env, sr);
            lastBody.set(body);
            return body;
        });
    }

    @Test
    void servesAFileWithTypeLengthValidatorsAndAFileBody() {
        TestResponse r = client.get("/digits.txt");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo(DIGITS);
        assertThat(r.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(r.header("Content-Length")).isEqualTo("10");
        assertThat(r.header("Last-Modified")).isEqualTo("Tue, 14 Nov 2023 22:13:20 GMT");
        assertThat(r.header("ETag")).matches("\"a-[0-9a-f]+(-[0-9a-f]+)?\"");
        assertThat(r.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(lastBody.get()).isInstanceOf(FileBody.class); // so the bundled server uses sendfile
        assertThat(r.closed()).isTrue();
    }

    @Test
    void choosesContentTypeByExtensionIgnoringCase() {
        assertThat(client.get("/App.JS").header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(client.get("/data.bin").header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(client.get("/docs/index.html").header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    }

    @Test
    void readsThePathAsUtf8() {
        assertThat(client.get("/caf%C3%A9.txt").text()).isEqualTo("utf-8 name");
        assertThat(client.get("/caf%E9.txt").status()).isEqualTo(400); // Latin-1 bytes are not a UTF-8 name
    }

    @Test
    void answersNotModifiedWithoutBodyForAMatchingTagOrDate() {
        String etag = client.get("/digits.txt").header("ETag");
        for (String[] h : new String[][] {{"If-None-Match", etag}, {"If-None-Match", "\"x\", W/" + etag},
                {"If-None-Match", "*"}, {"If-Modified-Since", "Tue, 14 Nov 2023 22:13:20 GMT"}}) {
            TestResponse r = client.request("GET", "/digits.txt").header(h[0], h[1]).send();
            assertThat(r.status()).as(h[0] + ": " + h[1]).isEqualTo(304);
            assertThat(r.body()).isEmpty();
            assertThat(r.header("ETag")).isEqualTo(etag);
        }
        assertThat(client.request("GET", "/digits.txt").header("If-None-Match", "\"stale\"")
                .header("If-Modified-Since", "Tue, 14 Nov 2023 22:13:20 GMT").send().status()).isEqualTo(200);
    }

    @Test
    void answersASingleRangeWith206AndContentRangeKeepingAFileBody() {
        TestResponse r = client.request("GET", "/digits.txt").header("Range", "bytes=2-5").send();
        assertThat(r.status()).isEqualTo(206);
        assertThat(r.text()).isEqualTo("2345");
        assertThat(r.header("Content-Range")).isEqualTo("bytes 2-5/10");
        assertThat(r.header("Content-Length")).isEqualTo("4");
        assertThat(lastBody.get()).isInstanceOf(FileBody.class);
        assertThat(client.request("GET", "/digits.txt").header("Range", "bytes=-3").send().text()).isEqualTo("789");
        assertThat(client.request("GET", "/digits.txt").header("Range", "bytes=7-").send().text()).isEqualTo("789");
    }

    @Test
    void answers416WithTheLengthForARangePastTheEnd() {
        TestResponse r = client.request("GET", "/digits.txt").header("Range", "bytes=10-").send();
        assertThat(r.status()).isEqualTo(416);
        assertThat(r.header("Content-Range")).isEqualTo("bytes */10");
        assertThat(client.request("GET", "/empty.txt").header("Range", "bytes=0-").send().status()).isEqualTo(416);
    }

    @Test
    void answersTheWholeFileForSeveralRangesOrAStaleIfRange() {
        TestResponse several = client.request("GET", "/digits.txt").header("Range", "bytes=0-1,5-6").send();
        assertThat(several.status()).isEqualTo(200);
        assertThat(several.text()).isEqualTo(DIGITS);
        TestResponse stale = client.request("GET", "/digits.txt").header("Range", "bytes=0-1")
                .header("If-Range", "\"old\"").send();
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.text()).isEqualTo(DIGITS);
        String etag = client.get("/digits.txt").header("ETag");
        assertThat(client.request("GET", "/digits.txt").header("Range", "bytes=0-1").header("If-Range", etag)
                .send().text()).isEqualTo("01");
    }

    @Test
    void answersHeadWithGetsHeadersAndNoBodyIgnoringRange() {
        TestResponse r = client.request("HEAD", "/digits.txt").header("Range", "bytes=0-1").send();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Length")).isEqualTo("10");
        assertThat(r.body()).isEmpty();
    }

    @Test
    void answers405WithAllowForOtherMethods() {
        TestResponse r = client.request("POST", "/digits.txt").send();
        assertThat(r.status()).isEqualTo(405);
        assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(r.text()).contains("\"POST\"");
    }

    @Test
    void servesADirectorysIndexAndRedirectsToItsSlash() {
        assertThat(client.get("/docs/").text()).isEqualTo("<h1>docs</h1>");
        TestResponse redirect = client.get("/docs?x=1");
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.header("Location")).isEqualTo("/docs/?x=1");
        assertThat(client.get("/empty-dir/").status()).isEqualTo(404);
        assertThat(client.get("/empty-dir").status()).isEqualTo(404);
        assertThat(client.get("/missing.txt").status()).isEqualTo(404);
    }

    @Test
    void aFileWithATrailingSlashIsNotFound() {
        // Path.resolve drops the slash; serving it would make the file's relative links resolve one level down
        assertThat(client.get("/digits.txt/").status()).isEqualTo(404);
        assertThat(client.get("/docs/index.html/").status()).isEqualTo(404);
    }

    @Test
    void redirectsTheMountRootUnderItsScriptName() throws Exception {
        Files.writeString(root.resolve("index.html"), "home");
        TestResponse r = TestClient.of(StaticFiles.of(root)).request("GET", "/").environ("SCRIPT_NAME", "/static")
                .environ("PATH_INFO", "").send();
        assertThat(r.header("Location")).isEqualTo("/static/");
    }

    @Test
    void withoutAnIndexFileADirectoryIsNotFound() throws Exception {
        TestClient noIndex = TestClient.of(StaticFiles.of(root).withIndexFile(null));
        assertThat(noIndex.get("/docs/").status()).isEqualTo(404);
        assertThat(noIndex.get("/docs").status()).isEqualTo(404);
    }

    @Test
    void refusesHiddenFilesUnlessAsked() throws Exception {
        Files.createDirectories(root.resolve(".well-known"));
        Files.writeString(root.resolve(".well-known/security.txt"), "contact");
        assertThat(client.get("/.well-known/security.txt").status()).isEqualTo(404);
        assertThat(TestClient.of(StaticFiles.of(root).withHiddenFiles(true)).get("/.well-known/security.txt").text())
                .isEqualTo("contact");
    }

    @Test
    void refusesARootThatIsNotADirectoryNamingIt() {
        Path file = root.resolve("digits.txt");
        assertThatThrownBy(() -> StaticFiles.of(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void usesTheEnvironsFileWrapper() {
        AtomicReference<Boolean> used = new AtomicReference<>(false);
        Application app = (env, sr) -> {
            env.put("wsgi.file_wrapper", (org.jwsgi.FileWrapper) (ch, size) -> {
                used.set(true);
                return FileBody.of(ch, 3); // as another server's wrapper might
            });
            return StaticFiles.of(root).call(env, sr);
        };
        assertThat(TestClient.of(app).request("GET", "/digits.txt").header("Range", "bytes=1-8").send().text())
                .isEqualTo("12345678");
        assertThat(used.get()).isTrue();
    }

    @Test
    void limitsTheBodyOfAWrapperThatIsNotAFileBody() {
        Application app = (env, sr) -> {
            env.put("wsgi.file_wrapper", (org.jwsgi.FileWrapper) (ch, size) -> {
                java.util.List<byte[]> rest = new java.util.ArrayList<>();
                java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) (ch.size() - ch.position()));
                ch.read(b);
                ch.close();
                rest.add(java.util.Arrays.copyOf(b.array(), 2));
                rest.add(java.util.Arrays.copyOfRange(b.array(), 2, b.capacity()));
                return rest;
            });
            return StaticFiles.of(root).call(env, sr);
        };
        assertThat(TestClient.of(app).request("GET", "/digits.txt").header("Range", "bytes=3-6").send().text())
                .isEqualTo("3456");
    }
}
