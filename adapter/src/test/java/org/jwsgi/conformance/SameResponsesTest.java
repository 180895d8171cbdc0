package org.jwsgi.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import javax.net.ssl.SSLException;
import org.jwsgi.Application;
import org.jwsgi.ContractWatch;
import org.jwsgi.RawResponse;
import org.jwsgi.TestPki;
import org.jwsgi.backend.Backend;
import org.jwsgi.testing.EachBackend;
import org.jwsgi.testing.ServedApp;
import org.jwsgi.validate.Rule;
import org.junit.jupiter.api.AfterEach;

/**
 * The same application answers the same way on every backend: status, the headers that matter,
 * bodies, streaming chunk by chunk, 50 MB each way, close() once, and the failure rules
 * (500 before commit; after it, or short of Content-Length, a cut that never looks complete).
 */
class SameResponsesTest {

    /** Every request, on every backend, is checked against the contract; see {@link #keptTheContract()}. */
    static final ContractWatch CONTRACT = new ContractWatch();
    private static final Application STRICT = CONTRACT.check(new ConformanceApp());
    /**
     * {@code /short} breaks the contract on purpose (Content-Length 100, 13 bytes): the validator
     * only reports it there, so what the test sees is the server's own handling of a short body.
     */
    private static final Application SHORT = CONTRACT.reportOnly(new ConformanceApp());

    @ServedApp
    static final Application APP = (env, sr) -> ("/short".equals(env.get("PATH_INFO")) ? SHORT : STRICT).call(env, sr);

    static final int FIFTY_MB = 50 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .sslContext(TestPki.get().clientContext()).connectTimeout(TIMEOUT).build();

    /** The reason phrase each backend puts on the app's "201 Made It" (Servlet 6 cannot send the app's). */
    private static final Map<String, String> STATUS_LINE = Map.of(
            "builtin", "HTTP/1.1 201 Made It",
            "jetty", "HTTP/1.1 201 Created",
            "tomcat", "HTTP/1.1 201 ");

    /**
     * Whether a client can see that a close-delimited body (HTTP/1.0) was cut by a failing app:
     * the bundled server resets the connection; pinned for the containers (docs/backends.md).
     */
    private static final Map<String, Boolean> CLOSE_DELIMITED_CUT_VISIBLE = Map.of(
            "builtin", true,
            "jetty", false,
            "tomcat", false);

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: test.example\r\nConnection: close\r\n\r\n";
    }

    /** Without Connection: close, so a body of unknown length must be chunked. */
    private static String keepAlive(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: test.example\r\n\r\n";
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    /**
     * After each test: no request broke the contract on either side, and every body was closed.
     * ({@code /fail-before} and {@code /fail-after} fail by throwing, which the contract allows.)
     */
    @AfterEach
    void keptTheContract() {
        CONTRACT.assertClean();
    }

    @EachBackend
    void sendsTheStatusCodeTheAppChose(Backend backend, URI server) throws IOException {
        RawResponse r = RawClient.exchange(server, get("/status"));

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.statusLine()).isEqualTo(STATUS_LINE.get(backend.name()));
        assertThat(r.text()).isEqualTo("made");
    }

    @EachBackend
    void sendsTheAppsHeadersRepeatsIncludedAndItsExactLength(URI server) throws IOException {
        RawResponse r = RawClient.exchange(server, get("/headers"));

        assertThat(r.header("Content-Type")).isEqualToIgnoringWhitespace("text/plain;charset=utf-8");
        assertThat(r.header("X-Repeat")).isEqualTo("a\nb");
        assertThat(r.header("Set-Cookie")).isEqualTo("a=1; Path=/\nb=2; Path=/");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.header("Content-Length")).isEqualTo("2");
        assertThat(r.header("Transfer-Encoding")).isNull();
        assertThat(r.text()).isEqualTo("ok");
    }

    @EachBackend
    void givesHeadTheHeadersGetGetsAndNoBody(URI server) throws IOException {
        RawResponse get = RawClient.exchange(server, get("/headers"));
        RawResponse head = RawClient.exchange(server,
                "HEAD /headers HTTP/1.1\r\nHost: test.example\r\nConnection: close\r\n\r\n");

        assertThat(head.status()).isEqualTo(200);
        for (String name : new String[] {"Content-Type", "Content-Length", "X-Repeat", "Set-Cookie"}) {
            assertThat(head.header(name)).as(name).isEqualTo(get.header(name));
        }
        assertThat(head.body()).isEmpty();
    }

    @EachBackend
    void computesTheLengthOfAnInMemoryBody(URI server) throws IOException {
        RawResponse r = RawClient.exchange(server, get("/computed-length"));

        assertThat(r.header("Content-Length")).isEqualTo("7");
        assertThat(r.text()).isEqualTo("abcdefg");
    }

    @EachBackend
    void sendsNoBodyAndNoLengthWith204And304(URI server) throws IOException {
        RawResponse noContent = RawClient.exchange(server, get("/no-content"));
        RawResponse notModified = RawClient.exchange(server, get("/not-modified"));

        assertThat(noContent.status()).isEqualTo(204);
        assertThat(noContent.header("X-Done")).isEqualTo("yes");
        assertThat(noContent.header("Content-Length")).isNull();
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.header("ETag")).isEqualTo("\"v1\"");
        assertThat(notModified.body()).isEmpty();
    }

    @EachBackend
    void deliversEachChunkBeforeTheAppProducesTheNext(URI server) throws IOException {
        String id = id();
        try (RawClient c = new RawClient(server)) {
            c.send(keepAlive("/stream?n=3&id=" + id));
            assertThat(c.line()).startsWith("HTTP/1.1 200");
            String header;
            boolean chunked = false;
            while (!(header = c.line()).isEmpty()) {
                chunked |= header.equalsIgnoreCase("Transfer-Encoding: chunked");
            }
            assertThat(chunked).as("a stream of unknown length is chunked").isTrue();
            ChunkedReader body = new ChunkedReader(c);
            for (int i = 0; i < 3; i++) {
                // the app is blocked until we release it: this chunk arrived on its own
                assertThat(body.readText(("chunk " + i + "\n").length())).isEqualTo("chunk " + i + "\n");
                ConformanceApp.GATES.get(id).release();
            }
            assertThat(body.atEnd()).isTrue();
        }
        awaitClosedOnce(id);
    }

    @EachBackend
    void downloads50MegabytesWithAndWithoutContentLength(URI server) throws Exception {
        for (String length : new String[] {"1", "0"}) {
            String id = id();
            HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(
                    server.resolve("/download?bytes=" + FIFTY_MB + "&length=" + length + "&id=" + id)).timeout(TIMEOUT)
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            long count = 0;
            CRC32 got = new CRC32();
            try (InputStream in = r.body()) {
                byte[] buf = new byte[ConformanceApp.BLOCK];
                for (int n; (n = in.read(buf)) > 0;) {
                    got.update(buf, 0, n);
                    count += n;
                }
            }
            assertThat(count).as("length=" + length).isEqualTo(FIFTY_MB);
            assertThat(got.getValue()).isEqualTo(expectedCrc(FIFTY_MB));
            assertThat(r.headers().firstValue("content-length")).isEqualTo(
                    length.equals("1") ? java.util.Optional.of(Integer.toString(FIFTY_MB)) : java.util.Optional.empty());
            awaitClosedOnce(id);
        }
    }

    @EachBackend
    void sendsAWrappedFileWithItsLength(URI server) throws Exception {
        RawResponse r = RawClient.exchange(server, get("/file"));

        assertThat(r.header("Content-Length")).isEqualTo(Integer.toString(ConformanceApp.FILE_BYTES));
        assertThat(r.body()).isEqualTo(new DownloadStream(ConformanceApp.FILE_BYTES).readAllBytes());
    }

    @EachBackend
    void uploads50MegabytesWithAContentLengthAndChunked(URI server) throws Exception {
        String expected = FIFTY_MB + " " + Long.toHexString(expectedCrc(FIFTY_MB));
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> new DownloadStream(FIFTY_MB));
        for (HttpRequest.BodyPublisher body : new HttpRequest.BodyPublisher[] {
                HttpRequest.BodyPublishers.fromPublisher(stream, FIFTY_MB), stream}) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.resolve("/upload")).timeout(TIMEOUT)
                    .POST(body).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).as(body.contentLength() < 0 ? "chunked" : "with Content-Length").isEqualTo(expected);
        }
    }

    @EachBackend
    void answers500WhenTheAppFailsBeforeItsHeaders(URI server) throws IOException {
        RawResponse r = RawClient.exchange(server, get("/fail-before"));

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.text()).isEqualTo("500 Internal Server Error\n");
        assertThat(r.text()).doesNotContain("failed before start_response"); // no stack trace to the client
    }

    @EachBackend
    void cutsTheConnectionWhenTheAppFailsAfterItsHeaders(URI server) throws IOException {
        String id = id();
        assertThat(cut(server, keepAlive("/fail-after?id=" + id))).isTrue();
        awaitClosedOnce(id);
    }

    @EachBackend
    void cutsTheConnectionWhenTheBodyEndsShortOfItsContentLength(URI server) throws IOException {
        String id = id();
        assertThat(cut(server, keepAlive("/short?id=" + id))).isTrue();
        awaitClosedOnce(id);
        assertThat(CONTRACT.takeRules()).as("the app's lie, and nothing else").containsExactly(Rule.CONTENT_LENGTH_MISMATCH);
    }

    @EachBackend
    void cutsAFailingCloseDelimitedBodyWithAResetWhereTheBackendCan(Backend backend, URI server) throws IOException {
        String id = id();
        boolean cut = cut(server, "GET /fail-after?id=" + id + " HTTP/1.0\r\nHost: test.example\r\n\r\n");

        // HTTP/1.0 has no chunks: only a TCP reset can tell the client the body is not whole
        assertThat(cut).as("a cut was visible").isEqualTo(CLOSE_DELIMITED_CUT_VISIBLE.get(backend.name()));
        awaitClosedOnce(id);
    }

    /** Whether the response to {@code request} was cut short: incomplete framing, or a reset. */
    private static boolean cut(URI server, String request) throws IOException {
        try (RawClient c = new RawClient(server)) {
            c.send(request);
            RawResponse r = RawResponse.read(c.input(), false);
            assertThat(r.status()).isEqualTo(200);
            return !r.complete();
        } catch (SocketException | SSLException reset) {
            return true; // over TLS, a reset may surface as an SSLException
        }
    }

    private static void awaitClosedOnce(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ConformanceApp.CLOSES.getOrDefault(id, new AtomicInteger()).get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(ConformanceApp.CLOSES.get(id)).as("close() calls").hasValue(1);
    }

    private static long expectedCrc(long size) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = new DownloadStream(size)) {
            byte[] buf = new byte[ConformanceApp.BLOCK];
            for (int n; (n = in.read(buf)) > 0;) {
                crc.update(buf, 0, n);
            }
        }
        return crc.getValue();
    }

    /** The download's bytes as a stream, for uploads and the expected checksum. */
    static final class DownloadStream extends InputStream {
        private final long size;
        private long at;

        DownloadStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return at < size ? ConformanceApp.byteAt(at++) & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - at);
            for (int i = 0; i < n; i++) {
                b[off + i] = ConformanceApp.byteAt(at++);
            }
            return n;
        }
    }

    /**
     * Reads a chunked body progressively, so a test can see each chunk as it arrives. The CRLF
     * that ends a chunk's data is read only when the next chunk is wanted: Jetty sends it as the
     * prefix of the next chunk, so waiting for it would wait for data the app has not made yet.
     */
    private static final class ChunkedReader {
        private final RawClient c;
        private int left;
        private boolean pendingCrlf;
        private boolean ended;

        ChunkedReader(RawClient c) {
            this.c = c;
        }

        String readText(int n) throws IOException {
            StringBuilder b = new StringBuilder();
            while (b.length() < n) {
                if (left == 0) {
                    left = nextSize();
                    assertThat(left).as("chunk size").isPositive();
                }
                int take = Math.min(left, n - b.length());
                b.append(new String(c.read(take), StandardCharsets.ISO_8859_1));
                left -= take;
                pendingCrlf = left == 0;
            }
            return b.toString();
        }

        boolean atEnd() throws IOException {
            if (!ended && left == 0) {
                ended = nextSize() == 0 && c.line().isEmpty();
            }
            return ended;
        }

        private int nextSize() throws IOException {
            if (pendingCrlf) {
                assertThat(c.line()).as("the CRLF after a chunk's data").isEmpty();
                pendingCrlf = false;
            }
            return Integer.parseInt(c.line().strip(), 16);
        }
    }
}
