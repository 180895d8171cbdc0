package org.jwsgi.staticfiles;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jwsgi.gateway.FileBody;
import org.jwsgi.testing.TestClient;
import org.jwsgi.testing.TestResponse;

/** {@link StaticFiles#ofClassPath}: a directory in a jar (through the zip file system) and a plain class path directory. */
class StaticFilesClassPathTest {

    private static final String CSS = "body { color: #123; }\n".repeat(50);
    private static final Instant TIME = Instant.parse("2024-03-01T12:00:00Z");

    @TempDir
    Path dir;

    private final AtomicReference<Iterable<byte[]>> lastBody = new AtomicReference<>();

    @AfterEach
    void closeZipFileSystems() throws IOException {
        // ofClassPath leaves them open for the JVM's life; a test closes its own so the temp jars can go
        try (Stream<Path> jars = Files.list(dir)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                try {
                    FileSystems.getFileSystem(URI.create("jar:" + jar.toUri())).close();
                } catch (FileSystemNotFoundException notOpened) {
                    // this test did not serve from it
                }
            }
        }
    }

    private TestClient client(StaticFiles files) {
        return TestClient.of((env, sr) -> {
            Iterable<byte[]> body = files.call(env, sr);
            lastBody.set(body);
            return body;
        });
    }

    /** A jar as Maven builds one: directory entries, deflated files, a file outside the served directory. */
    private Path jar(String name) throws IOException {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String d : new String[] {"com/", "com/example/", "com/example/static/", "com/example/static/sub/"}) {
                out.putNextEntry(new ZipEntry(d));
                out.closeEntry();
            }
            entry(out, "com/example/static/app.css", CSS);
            entry(out, "com/example/static/sub/a.txt", "abcdef");
            entry(out, "com/example/static/.secret", "hidden");
            entry(out, "com/example/Secret.class", "not an asset");
        }
        return jar;
    }

    private static void entry(JarOutputStream out, String name, String text) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setLastModifiedTime(FileTime.from(TIME));
        out.putNextEntry(e);
        out.write(text.getBytes(UTF_8));
        out.closeEntry();
    }

    @Test
    void servesADirectoryInsideAJarWithValidatorsAndRanges() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar("assets.jar").toUri().toURL()}, null)) {
            TestClient client = client(StaticFiles.ofClassPath(loader, "com/example/static"));

            TestResponse r = client.get("/app.css");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.text()).isEqualTo(CSS);
            assertThat(r.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
            assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(CSS.length()));
            assertThat(r.header("Last-Modified")).isEqualTo("Fri, 01 Mar 2024 12:00:00 GMT");
            assertThat(r.header("ETag")).matches("\"[0-9a-f]+-[0-9a-f]+\""); // no file key in a zip: size and time
            assertThat(lastBody.get()).isNotInstanceOf(FileBody.class);
            assertThat(r.closed()).isTrue();

            assertThat(client.request("GET", "/app.css").header("If-None-Match", r.header("ETag")).send().status()).isEqualTo(304);
            assertThat(client.get("/app.css").header("ETag")).isEqualTo(r.header("ETag"));
            TestResponse range = client.request("GET", "/sub/a.txt").header("Range", "bytes=2-4").send();
            assertThat(range.status()).isEqualTo(206);
            assertThat(range.text()).isEqualTo("cde");
            assertThat(range.header("Content-Range")).isEqualTo("bytes 2-4/6");
            TestResponse head = client.request("HEAD", "/sub/a.txt").send();
            assertThat(head.header("Content-Length")).isEqualTo("6");
            assertThat(head.body()).isEmpty();
        }
    }

    @Test
    void aJarsRootStaysClosedToTraversalHiddenFilesAndDirectories() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar("assets.jar").toUri().toURL()}, null)) {
            TestClient client = client(StaticFiles.ofClassPath(loader, "com/example/static"));
            assertThat(client.get("/../Secret.class").status()).isEqualTo(400);
            assertThat(client.get("/%2e%2e/Secret.class").status()).isEqualTo(400);
            assertThat(client.get("/.secret").status()).isEqualTo(404);
            assertThat(client.get("/nope.css").status()).isEqualTo(404);
            assertThat(client.get("/sub/").status()).isEqualTo(404); // no index.html, no listing
            assertThat(client.get("/sub").status()).isEqualTo(404);
        }
    }

    @Test
    void writesNothingNextToTheJar() throws Exception {
        // FileChannel.open on the zip file system copies the entry to a temp file beside the jar; streaming does not
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar("assets.jar").toUri().toURL()}, null)) {
            TestClient client = client(StaticFiles.ofClassPath(loader, "com/example/static"));
            assertThat(client.get("/app.css").status()).isEqualTo(200);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("assets.jar");
            }
        }
    }

    @Test
    void aSecondRootInTheSameJarReusesItsFileSystem() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar("twice.jar").toUri().toURL()}, null)) {
            StaticFiles.ofClassPath(loader, "com/example/static");
            TestClient sub = client(StaticFiles.ofClassPath(loader, "com/example/static/sub"));
            assertThat(sub.get("/a.txt").text()).isEqualTo("abcdef");
        }
    }

    @Test
    void servesAPlainClassPathDirectoryWithAFileBody() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/com/example/static"));
        Files.writeString(classes.resolve("app.css"), CSS);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()}, null)) {
            TestResponse r = client(StaticFiles.ofClassPath(loader, "com/example/static")).get("/app.css");
            assertThat(r.text()).isEqualTo(CSS);
            assertThat(lastBody.get()).isInstanceOf(FileBody.class); // sendfile, as StaticFiles.of
        }
    }

    @Test
    void refusesAMissingDirectoryABadNameAndAnotherUrlScheme() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar("assets.jar").toUri().toURL()}, null)) {
            assertThatThrownBy(() -> StaticFiles.ofClassPath(loader, "com/example/nothing"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"com/example/nothing\"");
            assertThatThrownBy(() -> StaticFiles.ofClassPath(loader, "/com/example/static"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"/com/example/static\"");
            assertThatThrownBy(() -> StaticFiles.ofClassPath(loader, "com/example/static/app.css"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a directory");
        }
        ClassLoader remote = new ClassLoader(null) {
            @Override
            public URL getResource(String name) {
                try {
                    return new URL("http://example.com/" + name);
                } catch (java.net.MalformedURLException e) {
                    throw new AssertionError(e);
                }
            }
        };
        assertThatThrownBy(() -> StaticFiles.ofClassPath(remote, "static"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http://example.com/static");
    }
}
