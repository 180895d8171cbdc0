package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import org.jwsgi.cli.DemoApp;
import org.jwsgi.gateway.VirtualThreads;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;

/** The bundled server over real sockets on port 0. */
class WsgiServerTest {

    private static final List<Header> TEXT = List.of(new Header("Content-Type", "text/plain"));
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static WsgiServer start(Application app, ServerOptions options) throws IOException {
        return WsgiServer.create(app, options.withPort(0)).start();
    }

    private static Socket connect(WsgiServer server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(ISO_8859_1));
        s.getOutputStream().flush();
    }

    @Test
    void servesTheDemoAppToHttpClient() throws Exception {
        try (WsgiServer server = start(new DemoApp(), ServerOptions.defaults())) {
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/caf%C3%A9?x=1");
            HttpResponse<String> get = CLIENT.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(get.body()).contains("\"PATH_INFO\":\"/caf\\u00c3\\u00a9\"", "\"QUERY_STRING\":\"x=1\"",
                    "\"SERVER_PORT\":\"" + server.port() + "\"", "\"wsgi.input.read\":0");

            HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(uri)
                            .POST(HttpRequest.BodyPublishers.ofString("0123456789")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.body()).contains("\"CONTENT_LENGTH\":\"10\"", "\"wsgi.input.read\":10");
        }
    }

    @Test
    void keepsTheConnectionAliveAcrossRequests() throws Exception {
        try (WsgiServer server = start(new DemoApp(), ServerOptions.defaults()); Socket s = connect(server)) {
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) {
                send(s, "GET /" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse r = RawResponse.read(in, false);
                assertThat(r.text()).contains("\"PATH_INFO\":\"/" + i + "\"");
            }
            assertThat(server.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void answersPipelinedRequestsInOrderOverASocket() throws Exception {
        try (WsgiServer server = start(new DemoApp(), ServerOptions.defaults()); Socket s = connect(server)) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                all.append("POST /").append(i).append(" HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab");
            }
            send(s, all.toString());
            InputStream in = s.getInputStream();
            for (int i = 0; i < 10; i++) {
                assertThat(RawResponse.read(in, false).text()).contains("\"PATH_INFO\":\"/" + i + "\"");
            }
        }
    }

    @Test
    void sendsEachChunkBeforeAskingForTheNext() throws Exception {
        CountDownLatch clientGotFirst = new CountDownLatch(1);
        Application app = (env, sr) -> {
            sr.start("200 OK", TEXT);
            return () -> new Iterator<>() {
                int i;

                @Override
                public boolean hasNext() {
                    return i < 2;
                }

                @Override
                public byte[] next() {
                    if (i++ == 1) {
                        try { // the second chunk is made only once the client has the first
                            if (!clientGotFirst.await(10, TimeUnit.SECONDS)) {
                                throw new IllegalStateException("first chunk never reached the client");
                            }
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return "second".getBytes(US_ASCII);
                    }
                    return "first".getBytes(US_ASCII);
                }
            };
        };
        try (WsgiServer server = start(app, ServerOptions.defaults()); Socket s = connect(server)) {
            send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = s.getInputStream();
            String head = readUntil(in, "first\r\n");
            assertThat(head).contains("Transfer-Encoding: chunked");
            clientGotFirst.countDown();
            assertThat(readUntil(in, "0\r\n\r\n")).contains("second");
        }
    }

    @Test
    void sendsContinueThenTheResponseWhenTheApplicationReads() throws Exception {
        try (WsgiServer server = start(new DemoApp(), ServerOptions.defaults()); Socket s = connect(server)) {
            send(s, "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            InputStream in = s.getInputStream();
            assertThat(readUntil(in, "\r\n\r\n")).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            send(s, "body");
            assertThat(RawResponse.read(in, false).text()).contains("\"wsgi.input.read\":4");
        }
    }

    @Test
    void uploadsAndDownloadsChunked() throws Exception {
        Application echo = (env, sr) -> {
            InputStream in = (InputStream) env.get(Environ.WSGI_INPUT);
            sr.start("200 OK", TEXT);
            return () -> new Iterator<>() {
                final byte[] buf = new byte[1000];
                int n = -2;

                @Override
                public boolean hasNext() {
                    if (n == -2) {
                        try {
                            n = in.readNBytes(buf, 0, buf.length);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    return n > 0;
                }

                @Override
                public byte[] next() {
                    byte[] out = java.util.Arrays.copyOf(buf, n);
                    n = -2;
                    return out;
                }
            };
        };
        byte[] payload = new byte[300_000];
        new java.util.Random(7).nextBytes(payload);
        try (WsgiServer server = start(echo, ServerOptions.defaults())) {
            HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(payload)))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
            assertThat(r.body()).isEqualTo(payload);
        }
    }

    @Test
    void answers408WhenTheHeadDoesNotArriveInTime() throws Exception {
        ServerOptions options = ServerOptions.defaults().withHeaderReadTimeout(Duration.ofMillis(300));
        try (WsgiServer server = start(new DemoApp(), options); Socket s = connect(server)) {
            send(s, "GET / HTTP/1.1\r\nHost: x\r\n"); // ... and never the blank line
            RawResponse r = RawResponse.read(s.getInputStream(), false);
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.text()).contains("headerReadTimeout");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void closesAConnectionIdleLongerThanTheKeepAliveTimeout() throws Exception {
        ServerOptions options = ServerOptions.defaults().withKeepAliveTimeout(Duration.ofMillis(300));
        try (WsgiServer server = start(new DemoApp(), options); Socket s = connect(server)) {
            send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse.read(s.getInputStream(), false);
            long t0 = System.nanoTime();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void wsgiInputThrowsWhenTheBodyStallsPastTheTimeout() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Application app = (env, sr) -> {
            try {
                ((InputStream) env.get(Environ.WSGI_INPUT)).readAllBytes();
            } catch (IOException e) {
                seen.set(e);
                throw e;
            } finally {
                done.countDown();
            }
            return List.of();
        };
        ServerOptions options = ServerOptions.defaults().withBodyReadTimeout(Duration.ofMillis(300));
        try (WsgiServer server = start(app, options); Socket s = connect(server)) {
            send(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            assertThat(RawResponse.read(s.getInputStream(), false).status()).isEqualTo(408);
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(seen.get()).hasMessageContaining("bodyReadTimeout");
        }
    }

    @Test
    void wsgiInputThrowsWhenTheClientLeavesMidUpload() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Application app = (env, sr) -> {
            try {
                ((InputStream) env.get(Environ.WSGI_INPUT)).readAllBytes();
            } catch (IOException e) {
                seen.set(e);
            } finally {
                done.countDown();
            }
            sr.start("200 OK", TEXT);
            return List.of();
        };
        try (WsgiServer server = start(app, ServerOptions.defaults())) {
            try (Socket s = connect(server)) {
                send(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc");
            }
            assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(seen.get()).isInstanceOf(IOException.class).hasMessageContaining("3 of 1000");
        }
    }

    @Test
    void closesTheBodyWhenTheClientDisconnectsMidResponse() throws Exception {
        TrackedBody[] body = new TrackedBody[1];
        CountDownLatch started = new CountDownLatch(1);
        Application endless = (env, sr) -> {
            sr.start("200 OK", TEXT);
            byte[] chunk = new byte[64 * 1024];
            body[0] = new TrackedBody(List.of(), -1) {
                @Override
                public Iterator<byte[]> iterator() {
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return true;
                        }

                        @Override
                        public byte[] next() {
                            started.countDown();
                            return chunk;
                        }
                    };
                }
            };
            return body[0];
        };
        try (WsgiServer server = start(endless, ServerOptions.defaults())) {
            try (Socket s = connect(server)) {
                send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
                s.getInputStream().readNBytes(100_000);
            }
            assertThat(body[0].closed.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(body[0].closes).hasValue(1);
            awaitNoConnections(server);
        }
    }

    @Test
    void stopLetsAnInFlightRequestFinishWithConnectionClose() throws Exception {
        CountDownLatch inApp = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TrackedBody body = TrackedBody.of("done");
        Application slow = (env, sr) -> {
            inApp.countDown();
            release.await(10, TimeUnit.SECONDS);
            sr.start("200 OK", TEXT);
            return body;
        };
        WsgiServer server = start(slow, ServerOptions.defaults());
        try (Socket idle = connect(server); Socket busy = connect(server)) {
            send(busy, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(inApp.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(10)));
            assertThat(idle.getInputStream().read()).as("the idle connection closes at once").isEqualTo(-1);
            release.countDown();
            RawResponse r = RawResponse.read(busy.getInputStream(), false);
            assertThat(r.text()).isEqualTo("done");
            assertThat(r.header("Connection")).isEqualTo("close");
            stopping.get(10, TimeUnit.SECONDS);
            assertThat(body.closes).hasValue(1);
            assertThat(busy.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void sendsAFileWrapperBodyWithTheZeroCopyPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.bin");
        byte[] data = new byte[5 * 1024 * 1024];
        new java.util.Random(3).nextBytes(data);
        Files.write(file, data);
        Application app = (env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Type", "application/octet-stream")));
            return ((FileWrapper) env.get(Environ.WSGI_FILE_WRAPPER)).wrap(file);
        };
        try (WsgiServer server = start(app, ServerOptions.defaults())) {
            HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/f")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.headers().firstValue("content-length")).hasValue(Integer.toString(data.length));
            assertThat(r.body()).isEqualTo(data);
        }
    }

    @Test
    void reportsTheThreadingModelInTheEnviron() throws Exception {
        AtomicReference<Map<String, Object>> seen = new AtomicReference<>();
        Application app = (env, sr) -> {
            seen.set(env);
            sr.start("200 OK", TEXT);
            return List.of();
        };
        for (Threading t : Threading.values()) {
            try (WsgiServer server = start(app, ServerOptions.defaults().withThreading(t)); Socket s = connect(server)) {
                send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse.read(s.getInputStream(), false);
                assertThat(seen.get().get(Environ.WSGI_MULTITHREAD)).as(t.label()).isEqualTo(t != Threading.SINGLE);
            }
        }
    }

    @Test
    void runsConnectionsOnVirtualThreadsWhenTheJvmHasThem() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        Application app = (env, sr) -> {
            thread.set(Thread.currentThread());
            sr.start("200 OK", TEXT);
            return List.of();
        };
        try (WsgiServer server = start(app, ServerOptions.defaults()); Socket s = connect(server)) {
            send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse.read(s.getInputStream(), false);
        }
        boolean expected = Runtime.version().feature() >= 21;
        assertThat(VirtualThreads.available()).isEqualTo(expected);
        assertThat(thread.get().toString()).as("thread %s", thread.get())
                .satisfies(t -> assertThat(t.startsWith("VirtualThread")).isEqualTo(expected));
    }

    @Test
    void poolModelQueuesConnectionsBeyondItsThreads() throws Exception {
        try (WsgiServer server = start(new DemoApp(),
                ServerOptions.defaults().withThreading(Threading.POOL).withPoolThreads(1))) {
            try (Socket a = connect(server); Socket b = connect(server)) {
                send(a, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
                RawResponse.read(a.getInputStream(), false);
                send(b, "GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                a.close(); // frees the only thread; b was waiting, not dropped
                assertThat(RawResponse.read(b.getInputStream(), false).text()).contains("\"PATH_INFO\":\"/b\"");
            }
        }
    }

    @Test
    void stopResetsAStreamedHttp10ResponseThatOutlivesTheGrace() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Application app = (env, sr) -> {
            sr.start("200 OK", TEXT);
            return () -> Stream.of("part0", "part1").map(p -> {
                if (p.equals("part1")) {
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return p.getBytes(US_ASCII);
            }).iterator();
        };
        WsgiServer server = start(app, ServerOptions.defaults());
        try (Socket s = connect(server)) {
            send(s, "GET / HTTP/1.0\r\n\r\n");
            InputStream in = s.getInputStream();
            readUntil(in, "part0");
            server.stop(Duration.ofMillis(100));
            // a close-delimited body cut by the stop must not end like a complete one
            assertThatExceptionOfType(java.net.SocketException.class).isThrownBy(() -> {
                while (in.read() >= 0) {
                    // read to the end, which must not come cleanly
                }
            });
        } finally {
            release.countDown();
        }
    }

    @Test
    void abortsAClientThatStopsReadingAfterTheWriteTimeout() throws Exception {
        TrackedBody[] bodies = new TrackedBody[1];
        byte[] mib = new byte[1 << 20];
        Application big = (env, sr) -> {
            sr.start("200 OK", TEXT);
            bodies[0] = new TrackedBody(java.util.Collections.nCopies(64, mib), -1) {
                @Override
                public Iterator<byte[]> iterator() {
                    Iterator<byte[]> it = super.iterator();
                    return new Iterator<>() { // streamed, not a Collection: each chunk flushed
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public byte[] next() {
                            return it.next();
                        }
                    };
                }
            };
            return bodies[0];
        };
        ServerOptions options = ServerOptions.defaults().withThreading(Threading.SINGLE)
                .withWriteTimeout(Duration.ofMillis(300));
        try (WsgiServer server = start(big, options); Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            send(stalled, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"); // ... and never read
            try (Socket next = connect(server)) {
                send(next, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                // the single thread is freed by the timeout, so the next client gets its answer
                assertThat(RawResponse.read(next.getInputStream(), false).body()).hasSize(64 << 20);
            }
            assertThat(bodies[0].closes).hasValue(1);
        }
    }

    @Test
    void closesWithoutLosingTheResponseWhenTheRequestBodyWasLeftUnread() throws Exception {
        byte[] response = new byte[4 << 20];
        Application ignoresBody = (env, sr) -> {
            sr.start("200 OK", TEXT);
            return List.of(response);
        };
        try (WsgiServer server = start(ignoresBody, ServerOptions.defaults()); Socket s = connect(server)) {
            byte[] upload = new byte[1 << 20];
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    send(s, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + upload.length + "\r\n\r\n");
                    s.getOutputStream().write(upload);
                } catch (IOException e) {
                    // the server may stop reading; what matters is the response below
                }
            });
            RawResponse r = RawResponse.read(s.getInputStream(), false);
            assertThat(r.complete()).isTrue();
            assertThat(r.body()).hasSize(response.length);
            assertThat(r.header("Connection")).isEqualTo("close");
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    record Refused(String name, ServerOptions options, String request, int status, String named) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refused> refusedRequests() {
        ServerOptions d = ServerOptions.defaults();
        return Stream.of(
                new Refused("request line over the limit", d.withMaxRequestLineBytes(64),
                        "GET /" + "a".repeat(100) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414, "maxRequestLineBytes=64"),
                new Refused("header section over the limit", d.withMaxHeaderBytes(100),
                        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(200) + "\r\n\r\n", 431, "maxHeaderBytes=100"),
                new Refused("too many header fields", d.withMaxHeaderCount(3),
                        "GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", 431, "maxHeaderCount=3"),
                new Refused("body over the limit", d.withMaxBodyBytes(10),
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", 413, "maxBodyBytes=10"),
                new Refused("no Host", d, "GET / HTTP/1.1\r\n\r\n", 400, "Host"),
                new Refused("HTTP/2 preface", d, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, "HTTP/2.0"),
                new Refused("smuggling: Content-Length with Transfer-Encoding", d,
                        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                        400, "Transfer-Encoding"),
                new Refused("unsupported Expect", d, "GET / HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n", 417,
                        "100-continue"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void refusesWithTheStatusNamingTheLimitAndCloses(Refused c) throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        Application app = (env, sr) -> {
            calls.incrementAndGet();
            return new DemoApp().call(env, sr);
        };
        try (WsgiServer server = start(app, c.options()); Socket s = connect(server)) {
            send(s, c.request() + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n");
            RawResponse r = RawResponse.read(s.getInputStream(), false);
            assertThat(r.status()).isEqualTo(c.status());
            assertThat(r.header("Connection")).isEqualTo("close");
            assertThat(r.text()).contains(c.named());
            assertThat(s.getInputStream().read()).as("nothing after: the pipelined request is not answered").isEqualTo(-1);
            assertThat(calls).hasValue(0);
        }
    }

    @Test
    void answersHeadWithTheHeadersOfGetOverASocket() throws Exception {
        try (WsgiServer server = start(new org.jwsgi.cli.HelloApp(), ServerOptions.defaults()); Socket s = connect(server)) {
            send(s, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
            InputStream in = s.getInputStream();
            RawResponse head = RawResponse.read(in, true);
            RawResponse get = RawResponse.read(in, false);
            assertThat(head.header("Content-Length")).isEqualTo("13").isEqualTo(get.header("Content-Length"));
            assertThat(get.text()).isEqualTo("Hello, World!");
        }
    }

    private static void awaitNoConnections(WsgiServer server) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(server.openConnections()).isZero();
    }

    private static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith(end)) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed before " + end.strip() + "; got " + b);
            }
            b.append((char) c);
        }
        return b.toString();
    }
}
