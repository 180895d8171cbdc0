package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.FileWrapper;
import org.jwsgi.Header;
import org.jwsgi.RawResponse;
import org.jwsgi.TrackedBody;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;

/** The HTTP layer with no socket: raw request bytes in, raw response bytes out. */
class HttpConnectionTest {

    private static final ServerOptions OPTIONS = ServerOptions.defaults().withPort(0);
    private static final List<Header> TEXT = List.of(new Header("Content-Type", "text/plain"));

    private static MemoryTransport serve(Application app, String request) throws IOException {
        return MemoryTransport.exchange(app, OPTIONS, request.getBytes(ISO_8859_1));
    }

    private static RawResponse one(Application app, String request) throws IOException {
        return RawResponse.parse(serve(app, request).response());
    }

    private static Application text(String body) {
        return (env, sr) -> {
            sr.start("200 OK", TEXT);
            return List.of(body.getBytes(US_ASCII));
        };
    }

    private static Application streaming(String... chunks) {
        return (env, sr) -> {
            sr.start("200 OK", TEXT);
            return () -> Stream.of(chunks).map(s -> s.getBytes(US_ASCII)).iterator();
        };
    }

    @Test
    void answersHelloWithLengthDateAndServer() throws IOException {
        RawResponse r = one(text("Hello, World!"), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(r.header("Content-Length")).isEqualTo("13");
        assertThat(r.header("Date")).endsWith(" GMT");
        assertThat(r.header("Server")).isEqualTo("jwsgi/0.1");
        assertThat(r.header("Connection")).isNull();
        assertThat(r.text()).isEqualTo("Hello, World!");
    }

    @Test
    void streamsAnUnsizedBodyChunkedOnHttp11() throws IOException {
        RawResponse r = one(streaming("ab", "", "cde"), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(r.header("Content-Length")).isNull();
        assertThat(r.chunkSizes()).containsExactly(2, 3); // the empty chunk sends nothing
        assertThat(r.text()).isEqualTo("abcde");
        assertThat(r.complete()).isTrue();
    }

    @Test
    void closeDelimitsAnUnsizedBodyOnHttp10() throws IOException {
        MemoryTransport t = serve(streaming("ab", "cde"), "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        RawResponse r = RawResponse.parse(t.response());
        assertThat(r.header("Transfer-Encoding")).isNull();
        assertThat(r.header("Connection")).isEqualTo("close");
        assertThat(r.text()).isEqualTo("abcde");
    }

    @Test
    void keepsAliveHttp10WhenAskedAndTheLengthIsKnown() throws IOException {
        String req = "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
        List<RawResponse> rs = RawResponse.all(serve(text("x"), req + req).response(), false);
        assertThat(rs).hasSize(2);
        assertThat(rs.get(0).header("Connection")).isEqualTo("keep-alive");
    }

    @Test
    void closesAfterHttp10WithoutKeepAlive() throws IOException {
        String req = "GET /a HTTP/1.0\r\n\r\n";
        List<RawResponse> rs = RawResponse.all(serve(text("x"), req + req).response(), false);
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).header("Connection")).isEqualTo("close");
    }

    @Test
    void answersPipelinedRequestsInOrder() throws IOException {
        Application echoPath = (env, sr) -> {
            sr.start("200 OK", TEXT);
            return List.of(((String) env.get(Environ.PATH_INFO)).getBytes(ISO_8859_1));
        };
        String pipelined = "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "POST /3 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n"
                + "GET /4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                + "GET /5 HTTP/1.1\r\nHost: x\r\n\r\n";
        List<RawResponse> rs = RawResponse.all(serve(echoPath, pipelined).response(), false);
        assertThat(rs).extracting(RawResponse::text).containsExactly("/1", "/2", "/3", "/4");
        assertThat(rs.get(3).header("Connection")).isEqualTo("close");
    }

    @Test
    void headsAndBodiesLongerThanTheIdleReadBufferArriveWhole() throws IOException {
        // an idle connection reads into IDLE_BUFFER_BYTES of its own; more moves to a pooled buffer
        String cookie = "c".repeat(3 * HttpConnection.IDLE_BUFFER_BYTES);
        String body = "b".repeat(2 * HttpConnection.IDLE_BUFFER_BYTES);
        Application echo = (env, sr) -> {
            sr.start("200 OK", TEXT);
            byte[] in = ((java.io.InputStream) env.get(Environ.WSGI_INPUT)).readAllBytes();
            return List.of((env.get("HTTP_COOKIE") + "|" + new String(in, ISO_8859_1)).getBytes(ISO_8859_1));
        };
        String pipelined = "POST /1 HTTP/1.1\r\nHost: x\r\nCookie: " + cookie + "\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body
                + "GET /2 HTTP/1.1\r\nHost: x\r\nCookie: short\r\n\r\n";
        List<RawResponse> rs = RawResponse.all(serve(echo, pipelined).response(), false);
        assertThat(rs).extracting(RawResponse::text).containsExactly(cookie + "|" + body, "short|");
    }

    @Test
    void headGetsTheHeadersOfGetAndNoBody() throws IOException {
        byte[] out = serve(text("Hello"), "HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
                .response();
        InputStream in = new java.io.ByteArrayInputStream(out);
        RawResponse head = RawResponse.read(in, true);
        RawResponse get = RawResponse.read(in, false);
        assertThat(head.header("Content-Length")).isEqualTo("5");
        assertThat(get.header("Content-Length")).isEqualTo("5");
        assertThat(get.text()).isEqualTo("Hello");
        assertThat(new String(out, ISO_8859_1)).containsOnlyOnce("Hello"); // the GET's body only
    }

    @Test
    void headKeepsTheApplicationsContentLength() throws IOException {
        Application app = (env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Length", "1000")));
            return List.of(new byte[1000]);
        };
        MemoryTransport t = serve(app, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
        RawResponse r = RawResponse.all(t.response(), true).get(0);
        assertThat(r.header("Content-Length")).isEqualTo("1000");
        assertThat(t.response()).hasSizeLessThan(300);
        assertThat(t.aborted()).isFalse();
    }

    record NoBody(String status, String contentLength) {
    }

    static Stream<NoBody> noBodyStatuses() {
        return Stream.of(new NoBody("204 No Content", null), new NoBody("304 Not Modified", "5"));
    }

    @ParameterizedTest
    @MethodSource("noBodyStatuses")
    void sendsNoBodyAndNoFramingFor204And304(NoBody c) throws IOException {
        Application app = (env, sr) -> {
            sr.start(c.status(), List.of(new Header("Content-Length", "5")));
            return List.of("hello".getBytes(US_ASCII));
        };
        String req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        byte[] out = serve(app, req + req).response();
        List<RawResponse> rs = RawResponse.all(out, false);
        assertThat(rs).hasSize(2); // the connection stays usable
        assertThat(rs.get(0).header("Content-Length")).isEqualTo(c.contentLength());
        assertThat(rs.get(0).header("Transfer-Encoding")).isNull();
        assertThat(new String(out, ISO_8859_1)).doesNotContain("hello");
    }

    @Test
    void honoursTheApplicationsContentLengthExactly() throws IOException {
        Application tooLong = (env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Length", "3")));
            return List.of("abcdef".getBytes(US_ASCII));
        };
        String req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        List<RawResponse> rs = RawResponse.all(serve(tooLong, req + req).response(), false);
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).text()).isEqualTo("abc");
        assertThat(rs.get(0).header("Connection")).isNull();
    }

    @Test
    void cutsTheConnectionWhenTheBodyEndsShortOfItsContentLength() throws IOException {
        TrackedBody body = TrackedBody.of("abc");
        Application app = (env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Length", "10")));
            return body;
        };
        MemoryTransport t = serve(app, "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
        RawResponse r = RawResponse.parse(t.response());
        assertThat(r.complete()).isFalse();
        assertThat(t.aborted()).isTrue();
        assertThat(body.closes).hasValue(1);
    }

    @Test
    void answers500WhenTheApplicationFailsBeforeTheHeaders() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Application app = (env, sr) -> {
            calls.incrementAndGet();
            throw new IOException("database down: secret details");
        };
        String req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        MemoryTransport t = serve(app, req + req);
        List<RawResponse> rs = RawResponse.all(t.response(), false);
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).status()).isEqualTo(500);
        assertThat(rs.get(0).header("Connection")).isEqualTo("close");
        assertThat(rs.get(0).text()).isEqualTo("500 Internal Server Error\n").doesNotContain("secret");
        assertThat(calls).hasValue(1);
    }

    @Test
    void answers500WhenAGeneratorFailsBeforeItsFirstChunk() throws IOException {
        TrackedBody body = TrackedBody.failingAt(0);
        Application app = (env, sr) -> {
            sr.start("200 OK", TEXT);
            return body;
        };
        RawResponse r = one(app, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.status()).isEqualTo(500);
        assertThat(body.closes).hasValue(1);
    }

    @Test
    void cutsTheChunkedResponseWhenTheGeneratorFailsAfterTheHeaders() throws IOException {
        TrackedBody body = TrackedBody.failingAt(1, "first");
        Application app = (env, sr) -> {
            sr.start("200 OK", TEXT);
            return body;
        };
        MemoryTransport t = serve(app, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        RawResponse r = RawResponse.parse(t.response());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("first");
        assertThat(r.complete()).as("no terminating chunk").isFalse();
        assertThat(t.aborted()).isTrue();
        assertThat(body.closes).hasValue(1);
    }

    @Test
    void answers500WhenStartResponseWasNeverCalled() throws IOException {
        TrackedBody body = TrackedBody.of("x");
        RawResponse r = one((env, sr) -> body, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.status()).isEqualTo(500);
        assertThat(body.closes).hasValue(1);
    }

    @Test
    void neverWritesAHeaderThatWouldSplitTheResponse() throws IOException {
        Application app = (env, sr) -> {
            sr.start("200 OK", List.of(new Header("X-A", "1\r\nSet-Cookie: evil=1")));
            return List.of();
        };
        MemoryTransport t = serve(app, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(new String(t.response(), ISO_8859_1)).startsWith("HTTP/1.1 500 ").doesNotContain("evil");
    }

    @Test
    void refusesAnInformationalStatusAsTheFinalOne() throws IOException {
        Application app = (env, sr) -> {
            sr.start("103 Early Hints", List.of());
            return List.of("x".getBytes(US_ASCII));
        };
        assertThat(one(app, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(500);
    }

    @Test
    void excInfoBeforeTheHeadersReplacesThem() throws IOException {
        Application app = (env, sr) -> {
            sr.start("200 OK", TEXT);
            try {
                throw new IllegalStateException("render failed");
            } catch (IllegalStateException e) {
                sr.start("503 Service Unavailable", List.of(new Header("Retry-After", "5")), e);
                return List.of("later".getBytes(US_ASCII));
            }
        };
        RawResponse r = one(app, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.header("Retry-After")).isEqualTo("5");
        assertThat(r.text()).isEqualTo("later");
    }

    @Test
    void legacyWriteSendsBeforeTheReturnedBody() throws IOException {
        Application app = (env, sr) -> {
            sr.start("200 OK", TEXT).write("early ".getBytes(US_ASCII));
            return List.of("late".getBytes(US_ASCII));
        };
        RawResponse r = one(app, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(r.text()).isEqualTo("early late");
    }

    @Test
    void givesAnEmptyBodyContentLengthZero() throws IOException {
        RawResponse r = one(streaming(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.header("Content-Length")).isEqualTo("0");
        assertThat(r.header("Transfer-Encoding")).isNull();
    }

    @Test
    void readsAChunkedRequestBodyExactly() throws IOException {
        AtomicReference<String> seen = new AtomicReference<>();
        Application app = (env, sr) -> {
            seen.set(new String(((InputStream) env.get(Environ.WSGI_INPUT)).readAllBytes(), US_ASCII));
            assertThat(env).doesNotContainKey(Environ.CONTENT_LENGTH);
            assertThat(env.get(Environ.WSGI_INPUT_TERMINATED)).isEqualTo(Boolean.TRUE);
            sr.start("200 OK", TEXT);
            return List.of();
        };
        String req = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n";
        assertThat(one(app, req).status()).isEqualTo(200);
        assertThat(seen).hasValue("hello world");
    }

    @Test
    void sendsContinueOnlyWhenTheApplicationReads() throws IOException {
        Application reader = (env, sr) -> {
            ((InputStream) env.get(Environ.WSGI_INPUT)).readAllBytes();
            sr.start("200 OK", TEXT);
            return List.of("read".getBytes(US_ASCII));
        };
        String req = "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc";
        String out = new String(serve(reader, req).response(), ISO_8859_1);
        assertThat(out).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n");

        String ignored = new String(serve(text("no"), req + "GET / HTTP/1.1\r\nHost: x\r\n\r\n").response(), ISO_8859_1);
        assertThat(ignored).doesNotContain("100 Continue").containsOnlyOnce("HTTP/1.1 200 OK")
                .contains("Connection: close");
    }

    @Test
    void drainsAnUnreadBodyToServeTheNextRequest() throws IOException {
        String req = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
        List<RawResponse> rs = RawResponse.all(serve(text("ok"), req + req).response(), false);
        assertThat(rs).hasSize(2);
    }

    @Test
    void refuses413BeforeReadingABodyOverTheLimit() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Application app = (env, sr) -> {
            calls.incrementAndGet();
            return List.of();
        };
        byte[] out = MemoryTransport.exchange(app, OPTIONS.withMaxBodyBytes(10),
                "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n01234567890".getBytes(US_ASCII)).response();
        RawResponse r = RawResponse.parse(out);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.text()).contains("maxBodyBytes=10");
        assertThat(calls).hasValue(0);
    }

    @Test
    void answers413WhenAChunkedBodyOutgrowsTheLimit() throws IOException {
        Application reader = (env, sr) -> {
            ((InputStream) env.get(Environ.WSGI_INPUT)).readAllBytes();
            sr.start("200 OK", TEXT);
            return List.of();
        };
        byte[] out = MemoryTransport.exchange(reader, OPTIONS.withMaxBodyBytes(10),
                "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n01234567\r\n8\r\n01234567\r\n0\r\n\r\n"
                        .getBytes(US_ASCII)).response();
        assertThat(RawResponse.parse(out).status()).isEqualTo(413);
    }

    @Test
    void answers400WhenAChunkedBodyIsMalformed() throws IOException {
        Application reader = (env, sr) -> {
            ((InputStream) env.get(Environ.WSGI_INPUT)).readAllBytes();
            sr.start("200 OK", TEXT);
            return List.of();
        };
        RawResponse r = one(reader, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        assertThat(r.status()).isEqualTo(400);
    }

    @Test
    void refusesAMalformedRequestWithoutCallingTheApplication() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Application app = (env, sr) -> {
            calls.incrementAndGet();
            return List.of();
        };
        MemoryTransport t = serve(app, "GET / HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
        List<RawResponse> rs = RawResponse.all(t.response(), false);
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).status()).isEqualTo(400);
        assertThat(rs.get(0).header("Connection")).isEqualTo("close");
        assertThat(calls).hasValue(0);
    }

    @Test
    void fillsTheEnvironAsPep3333AndWsgirefDo() throws IOException {
        AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
        Application app = (env, sr) -> {
            seen.set(new HashMap<>(env));
            sr.start("200 OK", TEXT);
            return List.of();
        };
        one(app, "GET /caf%C3%A9/a%2Fb;p=1?q=%20x&y HTTP/1.1\r\nHost: example.com:8080\r\n"
                + "Accept: a\r\nAccept: b\r\nX_Forwarded_For: spoof\r\nX-Forwarded-For: real\r\n\r\n");
        Map<String, Object> env = seen.get();
        assertThat(env).containsEntry("REQUEST_METHOD", "GET")
                .containsEntry("SCRIPT_NAME", "")
                .containsEntry("PATH_INFO", "/caf\u00c3\u00a9/a/b;p=1")
                .containsEntry("QUERY_STRING", "q=%20x&y")
                .containsEntry("REQUEST_URI", "/caf%C3%A9/a%2Fb;p=1?q=%20x&y")
                .containsEntry("SERVER_NAME", "example.com")
                .containsEntry("SERVER_PORT", "8080")
                .containsEntry("SERVER_PROTOCOL", "HTTP/1.1")
                .containsEntry("REMOTE_ADDR", "127.0.0.1")
                .containsEntry("REMOTE_PORT", "50000")
                .containsEntry("HTTP_HOST", "example.com:8080")
                .containsEntry("HTTP_ACCEPT", "a,b")
                .containsEntry("HTTP_X_FORWARDED_FOR", "real")
                .containsEntry("wsgi.url_scheme", "http")
                .containsEntry("wsgi.version", List.of(1, 0))
                .containsEntry("wsgi.multithread", true)
                .containsEntry("wsgi.multiprocess", false)
                .containsEntry("wsgi.run_once", false)
                .containsEntry("wsgi.input_terminated", true)
                .doesNotContainKeys("CONTENT_TYPE", "CONTENT_LENGTH");
        assertThat(env.get("wsgi.errors")).isInstanceOf(java.io.PrintWriter.class);
        assertThat(env.get("wsgi.file_wrapper")).isInstanceOf(FileWrapper.class);
        assertThat(env.get("wsgi.input")).isInstanceOf(InputStream.class);
    }

    @Test
    void takesTheHostOfAnAbsoluteFormTarget() throws IOException {
        AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
        Application app = (env, sr) -> {
            seen.set(new HashMap<>(env));
            sr.start("200 OK", TEXT);
            return List.of();
        };
        one(app, "GET http://real.example/p?q HTTP/1.1\r\nHost: other\r\n\r\n");
        assertThat(seen.get()).containsEntry("HTTP_HOST", "real.example").containsEntry("SERVER_NAME", "real.example")
                .containsEntry("SERVER_PORT", "80").containsEntry("PATH_INFO", "/p").containsEntry("QUERY_STRING", "q");
    }

    @Test
    void sendsAFileFromTheFileWrapper(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("f.bin");
        byte[] data = new byte[200_000];
        new java.util.Random(1).nextBytes(data);
        Files.write(file, data);
        Application app = (env, sr) -> {
            sr.start("200 OK", List.of());
            FileChannel ch = FileChannel.open(file);
            ch.position(1000);
            return ((FileWrapper) env.get(Environ.WSGI_FILE_WRAPPER)).wrap(ch, 8192);
        };
        RawResponse r = one(app, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.header("Content-Length")).isEqualTo("199000");
        assertThat(r.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 1000, data.length));
    }

    @Test
    void singleThreadedModelClosesEveryConnection() throws IOException {
        AtomicReference<Object> multithread = new AtomicReference<>();
        Application app = (env, sr) -> {
            multithread.set(env.get(Environ.WSGI_MULTITHREAD));
            sr.start("200 OK", TEXT);
            return List.of();
        };
        String req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        byte[] out = MemoryTransport.exchange(app, OPTIONS.withThreading(Threading.SINGLE),
                (req + req).getBytes(US_ASCII)).response();
        List<RawResponse> rs = RawResponse.all(out, false);
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).header("Connection")).isEqualTo("close");
        assertThat(multithread).hasValue(false);
    }

    @Test
    void sendsAFileWrapperBodyAfterTheLegacyWriteInTheSameFraming(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("f.txt");
        Files.writeString(file, "file-content");
        Application app = (env, sr) -> {
            sr.start("200 OK", TEXT).write("prefix-".getBytes(US_ASCII));
            return ((FileWrapper) env.get(Environ.WSGI_FILE_WRAPPER)).wrap(FileChannel.open(file), 4);
        };
        RawResponse r = one(app, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.text()).isEqualTo("prefix-file-content");
        assertThat(r.complete()).isTrue();
        MemoryTransport t = serve(app, "GET / HTTP/1.0\r\n\r\n");
        assertThat(RawResponse.parse(t.response()).text()).isEqualTo("prefix-file-content");
    }

    @Test
    void answers500WhenAFileIsShorterThanItsContentLength(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("f.txt");
        Files.writeString(file, "short");
        Application app = (env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Length", "100")));
            return ((FileWrapper) env.get(Environ.WSGI_FILE_WRAPPER)).wrap(file);
        };
        assertThat(one(app, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(500);
    }

    @Test
    void answers500WhenAnInMemoryBodyIsShorterThanItsContentLength() throws IOException {
        Application app = (env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Length", "10")));
            return List.of("abc".getBytes(US_ASCII));
        };
        MemoryTransport t = serve(app, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(RawResponse.parse(t.response()).status()).isEqualTo(500);
        assertThat(t.aborted()).isFalse();
    }

    @Test
    void refusesTheWriteCallableOnceTheResponseIsComplete() throws IOException {
        AtomicReference<Throwable> late = new AtomicReference<>();
        Application app = (env, sr) -> {
            org.jwsgi.Write write = sr.start("200 OK", TEXT);
            return new TrackedBody(List.of("body".getBytes(US_ASCII)), -1) {
                @Override
                public void close() {
                    try {
                        write.write("LATE".getBytes(US_ASCII));
                    } catch (Throwable e) {
                        late.set(e);
                    }
                }
            };
        };
        String req = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        byte[] out = serve(app, req + req).response();
        assertThat(new String(out, ISO_8859_1)).doesNotContain("LATE");
        assertThat(RawResponse.all(out, false)).hasSize(2).allSatisfy(r -> assertThat(r.text()).isEqualTo("body"));
        assertThat(late.get()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stillCutsTheResponseWhenCloseThrowsAnError() throws IOException {
        Application app = (env, sr) -> {
            sr.start("200 OK", TEXT);
            return new TrackedBody(List.of("part0".getBytes(US_ASCII)), 1) {
                @Override
                public void close() {
                    throw new AssertionError("close failed too");
                }
            };
        };
        MemoryTransport t = serve(app, "GET / HTTP/1.0\r\n\r\n");
        assertThat(t.aborted()).isTrue();
    }

    @Test
    void drainsNoMoreThanMaxDrainBytes() throws IOException {
        String req = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(5000)
                + "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        byte[] out = MemoryTransport.exchange(text("ok"), OPTIONS.withMaxDrainBytes(4999), req.getBytes(US_ASCII))
                .response();
        assertThat(RawResponse.all(out, false)).hasSize(1);
        out = MemoryTransport.exchange(text("ok"), OPTIONS.withMaxDrainBytes(5000), req.getBytes(US_ASCII)).response();
        assertThat(RawResponse.all(out, false)).hasSize(2);
    }

    @Test
    void sendsNoBodyInTheErrorForAMalformedHeadRequest() throws IOException {
        MemoryTransport t = serve(text("x"), "HEAD / HTTP/1.1\r\n\r\n");
        String out = new String(t.response(), ISO_8859_1);
        assertThat(out).startsWith("HTTP/1.1 400 ").endsWith("\r\n\r\n");
        assertThat(t.outputShut()).as("a lingering close").isTrue();
    }

    @Test
    void givesNoContentLengthToAnEmptyHeadBody() throws IOException {
        Application app = (env, sr) -> {
            sr.start("200 OK", TEXT);
            return List.of(); // a framework that skips the body for HEAD
        };
        RawResponse r = RawResponse.all(serve(app, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n").response(), true).get(0);
        assertThat(r.header("Content-Length")).isNull();
    }

    /** One way a response can go; the body must be closed exactly once on each. */
    record Route(String name, String request, String status, String contentLength, int failAt, String... chunks) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Route> everyPath() {
        String get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        return Stream.of(
                new Route("success", get, "200 OK", null, -1, "a", "b"),
                new Route("HEAD", "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", "200 OK", null, -1, "a", "b"),
                new Route("HTTP/1.0 close-delimited", "GET / HTTP/1.0\r\n\r\n", "200 OK", null, -1, "a"),
                new Route("204 with a body", get, "204 No Content", null, -1, "ignored"),
                new Route("empty body", get, "200 OK", null, -1),
                new Route("fails before the first chunk", get, "200 OK", null, 0),
                new Route("fails after the headers", get, "200 OK", null, 1, "a"),
                new Route("short of its Content-Length", get, "200 OK", "10", -1, "abc"),
                new Route("longer than its Content-Length", get, "200 OK", "1", -1, "abc", "def"),
                new Route("Connection: close", "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                        "200 OK", null, -1, "a"),
                new Route("unread body over maxDrainBytes",
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n", "200 OK", null, -1, "a"),
                new Route("bad status from the app", get, "2000 Nope", null, -1, "a"),
                new Route("hop-by-hop header from the app", get, "200 OK", null, -1, "a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyPath")
    void closesTheBodyExactlyOnceOnEveryPath(Route p) throws IOException {
        TrackedBody body = new TrackedBody(Stream.of(p.chunks()).map(c -> c.getBytes(US_ASCII)).toList(), p.failAt());
        Application app = (env, sr) -> {
            List<Header> headers = new java.util.ArrayList<>(TEXT);
            if (p.contentLength() != null) {
                headers.add(new Header("Content-Length", p.contentLength()));
            }
            if (p.name().startsWith("hop-by-hop")) {
                headers.add(new Header("Connection", "close"));
            }
            try {
                sr.start(p.status(), headers);
            } catch (IllegalArgumentException e) {
                sr.start("500 Internal Server Error", List.of(), e);
            }
            return body;
        };
        serve(app, p.request());
        assertThat(body.closes).hasValue(1);
    }
}
