package org.jwsgi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.TrackedBody;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.options.ServerOptions;

/** The socket-free {@link TestClient}, and the same API over HTTP. */
class TestClientTest {

    /** Answers with the environ's string entries, one "KEY=value" line each, sorted, then the body read. */
    static final Application ECHO = (env, sr) -> {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(env).forEach((k, v) -> {
            if (v instanceof String s) {
                b.append(k).append('=').append(s).append('\n');
            }
        });
        b.append("body=").append(new String(((InputStream) env.get("wsgi.input")).readAllBytes(), StandardCharsets.UTF_8));
        sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
        return List.of(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    };

    @Test
    void rethrowsExcInfoOnceTheHeadersWentOutAsAServerDoes() {
        IllegalStateException failure = new IllegalStateException("render failed");
        Application afterWrite = (env, sr) -> {
            sr.start("200 OK", List.of()).write("half".getBytes(StandardCharsets.US_ASCII));
            sr.start("500 Oops", List.of(), failure);
            return List.of();
        };
        Application afterChunk = (env, sr) -> {
            sr.start("200 OK", List.of());
            return () -> List.of("first".getBytes(StandardCharsets.US_ASCII), new byte[0]).stream().map(b -> {
                if (b.length == 0) {
                    sr.start("500 Oops", List.of(), failure);
                }
                return b;
            }).iterator();
        };
        Application beforeAnyByte = (env, sr) -> {
            sr.start("200 OK", List.of());
            sr.start("500 Oops", List.of(), failure);
            return List.of("oops".getBytes(StandardCharsets.US_ASCII));
        };

        assertThatThrownBy(() -> TestClient.of(afterWrite).get("/")).isSameAs(failure);
        assertThatThrownBy(() -> TestClient.of(afterChunk).get("/")).isSameAs(failure);
        assertThat(TestClient.of(beforeAnyByte).get("/").status()).isEqualTo(500);
    }

    @Test
    void synthesizesTheEnvironTheBundledServerWouldBuild() {
        TestResponse r = TestClient.of(ECHO).request("POST", "/caf%C3%A9/x?a=%20b").header("X-Tag", "1")
                .header("x-tag", "2").header("Content-Type", "text/plain").body("hi").send();

        assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).contains("REQUEST_METHOD=POST\n", "SCRIPT_NAME=\n", "PATH_INFO=/caf\u00c3\u00a9/x\n",
                "QUERY_STRING=a=%20b\n", "REQUEST_URI=/caf%C3%A9/x?a=%20b\n", "HTTP_X_TAG=1,2\n",
                "CONTENT_TYPE=text/plain\n", "CONTENT_LENGTH=2\n", "HTTP_HOST=localhost\n", "SERVER_NAME=localhost\n",
                "SERVER_PORT=80\n", "REMOTE_ADDR=127.0.0.1\n", "SERVER_PROTOCOL=HTTP/1.1\n", "wsgi.url_scheme=http\n")
                .endsWith("body=hi");
    }

    @Test
    void letsATestSetEnvironEntriesAndTheHost() {
        TestResponse r = TestClient.of(ECHO).request("GET", "/").header("Host", "example.org:8443")
                .environ("wsgi.url_scheme", "https").environ("REMOTE_ADDR", "10.0.0.7").send();

        assertThat(r.text()).contains("HTTP_HOST=example.org:8443\n", "wsgi.url_scheme=https\n", "REMOTE_ADDR=10.0.0.7\n");
    }

    @Test
    void recordsTheChunksAsYieldedTheErrorsWrittenAndTheClose() {
        TrackedBody body = TrackedBody.of("a", "", "bc");
        TestResponse r = TestClient.of((env, sr) -> {
            ((PrintWriter) env.get("wsgi.errors")).println("careful");
            sr.start("201 Created", List.of(new Header("X-A", "1"), new Header("x-a", "2")));
            return body;
        }).get("/");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers("X-A")).containsExactly("1", "2");
        assertThat(r.chunks()).extracting(c -> new String(c, StandardCharsets.US_ASCII)).containsExactly("a", "", "bc");
        assertThat(r.text()).isEqualTo("abc");
        assertThat(r.errors()).isEqualTo("careful" + System.lineSeparator());
        assertThat(r.closed()).isTrue();
        assertThat(body.closes).hasValue(1);
    }

    @Test
    void letsTheApplicationsOwnExceptionThroughAfterClosingTheBody() {
        TrackedBody body = TrackedBody.failingAt(1, "x");

        assertThatThrownBy(() -> TestClient.of((env, sr) -> {
            sr.start("200 OK", List.of());
            return body;
        }).get("/")).isInstanceOf(IllegalStateException.class).hasMessage("generator failed at chunk 1");
        assertThat(body.closes).hasValue(1);
        assertThatThrownBy(() -> TestClient.of((env, sr) -> {
            throw new IOException("checked, as it is");
        }).get("/")).isInstanceOf(IOException.class);
    }

    @Test
    void holdsTheApplicationToTheContractAServerEnforces() {
        assertThatThrownBy(() -> TestClient.of((env, sr) -> List.of("x".getBytes())).get("/"))
                .hasMessage("start_response was not called before the body");
        assertThatThrownBy(() -> TestClient.of((env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Length", "5")));
            return List.of("abc".getBytes());
        }).get("/")).hasMessage("the body holds 3 bytes but the application's Content-Length says 5");
    }

    @Test
    void dropsTheBodyOfHeadAsAServerWould() {
        TestResponse r = TestClient.of(ECHO).request("HEAD", "/").send();

        assertThat(r.body()).isEmpty();
        assertThat(r.chunks()).hasSize(1);
    }

    @Test
    void streamsALargeBodyWithOrWithoutALengthOnBothClients() throws Exception {
        Application count = (env, sr) -> {
            long n = ((InputStream) env.get("wsgi.input")).transferTo(java.io.OutputStream.nullOutputStream());
            sr.start("200 OK", List.of());
            return List.of((n + " " + env.getOrDefault("CONTENT_LENGTH", "-")).getBytes(StandardCharsets.US_ASCII));
        };
        long size = 20L << 20;
        try (RunningServer server = Backend.named("builtin").start(count, ServerOptions.defaults().withPort(0))) {
            for (TestClient client : List.of(TestClient.of(count), TestClient.of(server.uri()))) {
                assertThat(client.request("POST", "/").body(zeros(size), size).send().text()).isEqualTo(size + " " + size);
                assertThat(client.request("POST", "/").body(zeros(size), -1).send().text()).isEqualTo(size + " -");
            }
        }
    }

    private static InputStream zeros(long size) {
        return new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    @Test
    void refusesATargetThatIsNotAPath() {
        assertThatThrownBy(() -> TestClient.of(ECHO).get("http://x/"))
                .hasMessage("target must start with \"/\": \"http://x/\"");
    }

    @Test
    void givesTheSameAnswersOverHttpAsSocketFreeSaveWhatTheSocketDecides() throws Exception {
        try (RunningServer server = Backend.named("builtin").start(ECHO, ServerOptions.defaults().withPort(0))) {
            TestClient http = TestClient.of(server.uri());
            TestResponse overHttp = http.request("PUT", "/p%20q?z=1").header("X-Tag", "v").body("data").send();
            TestResponse direct = TestClient.of(ECHO).request("PUT", "/p%20q?z=1").header("X-Tag", "v").body("data").send();

            Map<String, String> a = lines(overHttp.text());
            Map<String, String> b = lines(direct.text());
            for (String key : List.of("REQUEST_METHOD", "PATH_INFO", "QUERY_STRING", "REQUEST_URI", "HTTP_X_TAG",
                    "CONTENT_LENGTH", "SCRIPT_NAME", "body")) {
                assertThat(a.get(key)).as(key).isEqualTo(b.get(key));
            }
            assertThat(overHttp.header("content-type")).isEqualTo("text/plain");
            assertThatThrownBy(() -> http.request("GET", "/").environ("x", 1))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    private static Map<String, String> lines(String text) {
        Map<String, String> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return m;
    }
}
