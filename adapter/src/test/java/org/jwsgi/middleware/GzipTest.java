package org.jwsgi.middleware;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.TrackedBody;
import org.jwsgi.testing.TestClient;
import org.jwsgi.testing.TestResponse;

class GzipTest {

    private static final String TEXT = "All work and no play makes Jack a dull boy.\n".repeat(40);

    static Application text(String contentType, Iterable<byte[]> body, Header... extra) {
        return (env, sr) -> {
            List<Header> headers = new ArrayList<>(List.of(new Header("Content-Type", contentType)));
            headers.addAll(List.of(extra));
            sr.start("200 OK", headers);
            return body;
        };
    }

    static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    private static TestResponse get(Application app, String acceptEncoding) {
        var request = TestClient.of(Gzip.defaults().wrap(app)).request("GET", "/");
        return acceptEncoding == null ? request.send() : request.header("Accept-Encoding", acceptEncoding).send();
    }

    @ParameterizedTest(name = "Accept-Encoding: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "gzip                       | true",
            "gzip, deflate, br          | true",
            "GZIP;q=0.5                 | true",
            "x-gzip                     | true",
            "br;q=1.0, gzip;q=0.8, *;q=0.1 | true",
            "*                          | true",
            "identity;q=0, gzip         | true",
            "gzip;q=0                   | false",
            "gzip;q=0.000               | false",
            "gzip;q=0, *                | false",
            "*;q=0                      | false",
            "br, deflate                | false",
            "identity                   | false",
            "gzip;q=2                   | false",
            "gzip;q=abc                 | false",
            "''                         | false",
    })
    void readsAcceptEncodingWithQValues(String header, boolean expected) {
        Map<String, Object> env = new HashMap<>(Map.of("HTTP_ACCEPT_ENCODING", header));
        assertThat(Gzip.acceptsGzip(env)).isEqualTo(expected);
    }

    @Test
    void compressesAStreamingTextBodyAndClosesItOnce() throws IOException {
        TrackedBody body = TrackedBody.of(TEXT.substring(0, 100), "", TEXT.substring(100));
        TestResponse r = get(text("text/plain; charset=utf-8", body, new Header("Content-Length",
                Integer.toString(TEXT.length()))), "gzip");
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Content-Length")).isNull();
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
        assertThat(new String(gunzip(r.body()), UTF_8)).isEqualTo(TEXT);
        assertThat(r.body().length).isLessThan(TEXT.length() / 4);
        assertThat(body.closes.get()).isEqualTo(1);
    }

    @Test
    void leavesTheResponseAloneButVariesWhenTheClientDoesNotAcceptGzip() {
        TestResponse r = get(text("application/json", List.of(TEXT.getBytes(UTF_8))), null);
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.text()).isEqualTo(TEXT);
        assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
    }

    @Test
    void leavesAloneWhatIsNotWorthOrAllowedToCompress() {
        byte[] bytes = TEXT.getBytes(UTF_8);
        List<Application> apps = List.of(
                text("image/png", List.of(bytes)),
                text("text/plain", List.of(bytes), new Header("Content-Encoding", "br")),
                text("text/plain", List.of(bytes), new Header("Cache-Control", "public, no-transform")),
                text("text/plain", List.of("tiny".getBytes(UTF_8)), new Header("Content-Length", "4")),
                (env, sr) -> {
                    sr.start("206 Partial Content", List.of(new Header("Content-Type", "text/plain"),
                            new Header("Content-Range", "bytes 0-9/100")));
                    return List.of("0123456789".getBytes(UTF_8));
                },
                (env, sr) -> {
                    sr.start("204 No Content", List.of(new Header("Content-Type", "text/plain")));
                    return List.of();
                });
        for (Application app : apps) {
            TestResponse r = get(app, "gzip");
            assertThat(r.header("Content-Encoding")).as(r.toString()).isIn(null, "br");
        }
        TestResponse head = TestClient.of(Gzip.defaults().wrap(text("text/plain", List.of(bytes))))
                .request("HEAD", "/").header("Accept-Encoding", "gzip").send();
        assertThat(head.header("Content-Encoding")).isNull();
    }

    @Test
    void weakensAStrongETagAndAddsToAnExistingVary() throws IOException {
        TestResponse r = get(text("text/css", List.of(TEXT.getBytes(UTF_8)), new Header("ETag", "\"abc\""),
                new Header("Vary", "Cookie")), "gzip");
        assertThat(r.header("ETag")).isEqualTo("W/\"abc\"");
        assertThat(r.headers("Vary")).containsExactly("Cookie, Accept-Encoding");
        assertThat(new String(gunzip(r.body()), UTF_8)).isEqualTo(TEXT);
    }

    @Test
    void compressesWhatTheWriteCallableSendsIntoTheSameStream() throws IOException {
        Application app = (env, sr) -> {
            var write = sr.start("200 OK", List.of(new Header("Content-Type", "text/html")));
            write.write("<p>written</p>".getBytes(UTF_8));
            return List.of("<p>returned</p>".getBytes(UTF_8));
        };
        TestResponse r = get(app, "gzip");
        assertThat(new String(gunzip(r.body()), UTF_8)).isEqualTo("<p>written</p><p>returned</p>");
    }

    @Test
    void anEmptyCompressedBodyIsAValidGzipStream() throws IOException {
        TestResponse r = get(text("text/plain", List.of()), "gzip");
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(r.body())).isEmpty();
    }

    @Test
    void passesAnUncompressedBodyThroughAsItIs() throws Exception {
        List<byte[]> body = List.of("x".getBytes(UTF_8));
        Iterable<byte[]> out = Gzip.defaults().wrap(text("image/png", body))
                .call(new HashMap<>(Map.of("REQUEST_METHOD", "GET", "HTTP_ACCEPT_ENCODING", "gzip")), (s, h, e) -> d -> { });
        assertThat(out).isSameAs(body); // so a server still sees a List (length known) or a FileBody (sendfile)
    }

    /** Each compressed chunk decodes to all input so far before the next input chunk is asked for. */
    @Test
    void flushesEveryChunkSoTheClientCanDecodeItAtOnce() throws Exception {
        List<String> parts = List.of("first line of a live feed\n", "second\n", "third and last\n");
        int[] asked = {0};
        Iterable<byte[]> streaming = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return asked[0] < parts.size();
            }

            @Override
            public byte[] next() {
                return parts.get(asked[0]++).getBytes(UTF_8);
            }
        };
        Iterable<byte[]> out = Gzip.defaults().withMinLength(0).wrap(text("text/event-stream", streaming))
                .call(new HashMap<>(Map.of("REQUEST_METHOD", "GET", "HTTP_ACCEPT_ENCODING", "gzip")), (s, h, e) -> d -> { });
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        StringBuilder expected = new StringBuilder();
        Iterator<byte[]> it = out.iterator();
        for (int i = 0; i < parts.size(); i++) {
            wire.writeBytes(it.next());
            assertThat(asked[0]).isEqualTo(i + 1);
            expected.append(parts.get(i));
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(wire.toByteArray()))) {
                assertThat(new String(in.readNBytes(expected.length()), UTF_8)).isEqualTo(expected.toString());
            }
        }
        wire.writeBytes(it.next()); // the trailer
        assertThat(it.hasNext()).isFalse();
        assertThat(new String(gunzip(wire.toByteArray()), UTF_8)).isEqualTo(expected.toString());
        ((AutoCloseable) out).close();
    }

    @Test
    void closesTheInnerBodyOnceWhenItFails() {
        TrackedBody body = TrackedBody.failingAt(1, TEXT);
        Application app = Gzip.defaults().wrap(text("text/plain", body));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestClient.of(app).request("GET", "/")
                .header("Accept-Encoding", "gzip").send()).hasMessageContaining("generator failed");
        assertThat(body.closes.get()).isEqualTo(1);
    }
}
