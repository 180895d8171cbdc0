package org.jwsgi.staticfiles;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.jwsgi.Application;
import org.jwsgi.backend.Backend;
import org.jwsgi.testing.EachBackend;
import org.jwsgi.testing.ServedApp;
import org.jwsgi.testing.TestClient;
import org.jwsgi.testing.TestResponse;

/**
 * {@link StaticFiles} never serves a file from outside its root. Real files with a marker sit
 * next to the root (and a symlink inside points at them), so an attempt that got through would
 * show the marker. Each attempt runs on the socket-free client and, as raw bytes over a socket,
 * on every backend: Jetty and Tomcat refuse some targets before the application sees them, so
 * any 4xx counts there; the marker must never come back.
 */
class StaticTraversalTest {

    private static final String SECRET = "TOP-SECRET-7f3a";
    private static final Path BASE;
    private static final Path ROOT;

    static {
        try {
            BASE = Files.createTempDirectory("jwsgi-traversal").toRealPath();
            ROOT = Files.createDirectories(BASE.resolve("root"));
            Files.writeString(BASE.resolve("secret.txt"), SECRET);
            Files.createDirectories(BASE.resolve("outside"));
            Files.writeString(BASE.resolve("outside/secret.txt"), SECRET);
            Files.writeString(ROOT.resolve("public.txt"), "public");
            Files.createDirectories(ROOT.resolve("sub"));
            Files.writeString(ROOT.resolve("sub/ok.txt"), "ok");
            Files.writeString(ROOT.resolve(".env"), SECRET);
            Files.createSymbolicLink(ROOT.resolve("link-out"), BASE.resolve("secret.txt"));
            Files.createSymbolicLink(ROOT.resolve("dir-out"), BASE.resolve("outside"));
            Files.createSymbolicLink(ROOT.resolve("link-in"), ROOT.resolve("public.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raw request targets; each one, if it escaped the root, would reach a file holding {@link #SECRET}. */
    static final List<String> ATTEMPTS = List.of(
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/.%2E/secret.txt",
            "/%2E./secret.txt",
            "/sub/../../secret.txt",
            "/sub/%2e%2e/%2e%2e/secret.txt",
            "/sub/./../../secret.txt",
            "/..%2fsecret.txt",
            "/sub/..%2F..%2Fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/sub\\..\\..\\secret.txt",
            "/%00/../secret.txt",
            "/secret.txt%00.html",
            "/" + BASE.resolve("secret.txt"),
            "/%2F" + BASE.resolve("secret.txt").toString().substring(1),
            "/%c0%ae%c0%ae/secret.txt",
            "/..;/secret.txt",
            "/link-out",
            "/dir-out/secret.txt",
            "/.env",
            "/%2eenv",
            "/..../secret.txt");

    @ServedApp
    static Application app() throws IOException {
        return StaticFiles.of(ROOT);
    }

    @AfterAll
    static void removeFiles() throws IOException {
        try (Stream<Path> all = Files.walk(BASE)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void refusesEveryAttemptOnTheSocketFreeClient() throws IOException {
        assertThat(ATTEMPTS).hasSizeGreaterThanOrEqualTo(15);
        TestClient client = TestClient.of(app());
        for (String target : ATTEMPTS) {
            TestResponse r = client.get(target);
            assertThat(r.status()).as(target).isBetween(400, 499);
            assertThat(r.text()).as(target).doesNotContain(SECRET);
        }
    }

    @EachBackend
    void refusesEveryAttemptOverASocket(URI server, Backend backend) throws IOException {
        for (String target : ATTEMPTS) {
            String response = exchange(server, target);
            assertThat(response).as(backend.name() + " " + target).doesNotContain(SECRET)
                    .matches("(?s)HTTP/1\\.1 4\\d\\d .*");
        }
    }

    @EachBackend
    void stillServesFilesAndSymlinksInsideTheRoot(URI server, Backend backend) throws IOException {
        for (String[] ok : new String[][] {{"/public.txt", "public"}, {"/sub/ok.txt", "ok"}, {"/link-in", "public"},
                {"/sub/%6Fk.txt", "ok"}}) {
            String response = exchange(server, ok[0]);
            assertThat(response).as(backend.name() + " " + ok[0]).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\n" + ok[1]);
        }
    }

    /** One GET with {@code target} exactly as written, on its own connection; the whole response. */
    static String exchange(URI server, String target) throws IOException {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + server.getAuthority() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), ISO_8859_1);
        }
    }
}
