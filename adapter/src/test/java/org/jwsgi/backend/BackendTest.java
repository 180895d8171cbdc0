package org.jwsgi.backend;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwsgi.Application;
import org.jwsgi.ContractWatch;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.cli.DemoApp;
import org.jwsgi.cli.HelloApp;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;

/** Every installed backend, over real sockets on 127.0.0.1 and an OS-chosen port. */
class BackendTest {

    private static final ServerOptions OPTIONS = ServerOptions.defaults().withPort(0).withStopGrace(Duration.ofSeconds(5));
    private static final int TIMEOUT_MS = 10_000;
    /** Every app these tests serve runs through the validator; see {@link #keptTheContract()}. */
    private static final ContractWatch CONTRACT = new ContractWatch();

    /** After each test: no request broke the WSGI contract on either side, every body was closed. */
    @AfterEach
    void keptTheContract() {
        CONTRACT.assertClean();
    }

    /** {@code backend} serving {@code app} checked by the validator. */
    private static RunningServer start(Backend backend, Application app, ServerOptions options) throws IOException {
        return backend.start(CONTRACT.check(app), options);
    }

    static List<Backend> installed() {
        return Backend.installed();
    }

    @Test
    void findsTheThreeBackendsInOrderAndAllAreInstalledInThisModule() {
        assertThat(Backend.all()).extracting(Backend::name).containsExactly("builtin", "jetty", "tomcat");
        assertThat(Backend.installed()).extracting(Backend::name).containsExactly("builtin", "jetty", "tomcat");
    }

    @ParameterizedTest
    @MethodSource("installed")
    void servesHelloOnAnOsChosenPortAndReportsThatPort(Backend backend) throws Exception {
        try (RunningServer server = start(backend, new HelloApp(), OPTIONS)) {
            assertThat(server.backend()).isEqualTo(backend.name());
            assertThat(server.port()).isPositive();
            assertThat(server.uri()).hasToString("http://127.0.0.1:" + server.port() + "/");
            String response = exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200").contains("Content-Length: 13")
                    .endsWith("\r\n\r\nHello, World!");
        }
    }

    @ParameterizedTest
    @MethodSource("installed")
    void servesDemoWithAnEmptyScriptNameAndTheRawPath(Backend backend) throws Exception {
        try (RunningServer server = start(backend, new DemoApp(), OPTIONS)) {
            String response = exchange(server.port(), "GET /x/caf%C3%A9?y=1 HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 200")
                    .contains("\"SCRIPT_NAME\":\"\"", "\"PATH_INFO\":\"/x/caf\\u00c3\\u00a9\"", "\"QUERY_STRING\":\"y=1\"",
                            "\"SERVER_PORT\":\"" + server.port() + "\"", "\"REQUEST_METHOD\":\"GET\"");
        }
    }

    @ParameterizedTest
    @MethodSource("installed")
    void sendsServerSoftwareAsTheServerHeader(Backend backend) throws Exception {
        try (RunningServer server = start(backend, new HelloApp(), OPTIONS.withServerSoftware("probe/9"))) {
            String head = exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").split("\r\n\r\n")[0];
            assertThat(head.lines().filter(l -> l.regionMatches(true, 0, "Server:", 0, 7))).containsExactly("Server: probe/9");
            assertThat(head).doesNotContainIgnoringCase("X-Powered-By");
        }
    }

    @ParameterizedTest
    @MethodSource("installed")
    void keepsTheServerHeaderOnThe500OfAFailingApp(Backend backend) throws Exception {
        try (RunningServer server = backend.start((env, sr) -> {
            throw new IllegalStateException("boom");
        }, OPTIONS.withServerSoftware("probe/9"))) {
            String response = exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 500").contains("\r\nServer: probe/9\r\n")
                    .endsWith("500 Internal Server Error\n");
        }
    }

    @ParameterizedTest
    @MethodSource("installed")
    void sendsTheAppsDateHeaderOnceAndOneServerHeader(Backend backend) throws Exception {
        Application dated = (env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Type", "text/plain"), new Header("Date", "Mon, 01 Jan 2024 00:00:00 GMT"),
                    new Header("Server", "app/1")));
            return List.of("x".getBytes(US_ASCII));
        };
        try (RunningServer server = start(backend, dated, OPTIONS)) {
            String head = exchange(server.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").split("\r\n\r\n")[0];
            assertThat(head.lines().filter(l -> l.startsWith("Date:"))).containsExactly("Date: Mon, 01 Jan 2024 00:00:00 GMT");
            // which one wins differs: the app's on builtin and jetty, serverSoftware on tomcat (docs/backends.md)
            assertThat(head.lines().filter(l -> l.startsWith("Server:"))).hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("installed")
    void twoServersAtOnceGetDifferentPorts(Backend backend) throws Exception {
        try (RunningServer a = start(backend, new HelloApp(), OPTIONS); RunningServer b = start(backend, new HelloApp(), OPTIONS)) {
            assertThat(a.port()).isNotEqualTo(b.port());
            assertThat(exchange(a.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).endsWith("Hello, World!");
            assertThat(exchange(b.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).endsWith("Hello, World!");
        }
    }

    @ParameterizedTest
    @MethodSource("installed")
    void stopIsIdempotentAndFreesThePort(Backend backend) throws Exception {
        RunningServer server = start(backend, new HelloApp(), OPTIONS);
        int port = server.port();
        server.stop(Duration.ZERO);
        server.stop(Duration.ZERO);
        server.close();
        assertThat(CompletableFuture.runAsync(() -> {
            try {
                server.awaitStop();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        })).succeedsWithin(Duration.ofSeconds(5));
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @ParameterizedTest
    @MethodSource("installed")
    void gracefulStopFinishesARequestInFlightAndRefusesNewConnections(Backend backend) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Application slow = (env, sr) -> {
            entered.countDown();
            if (!release.await(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the test never released the request");
            }
            sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
            return List.of("finished".getBytes(US_ASCII));
        };
        RunningServer server = start(backend, slow, OPTIONS);
        int port = server.port();
        try {
            Socket s = connect(port);
            s.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
            assertThat(entered.await(TIMEOUT_MS, TimeUnit.MILLISECONDS)).as("the request reached the app").isTrue();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(20)));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            while (accepting(port)) {
                assertThat(System.nanoTime()).as("still accepting new connections while stopping").isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(stopping).as("stop waits for the request in flight").isNotDone();
            release.countDown();
            String response = readResponse(s.getInputStream());
            s.close(); // as a client does once the response is complete
            assertThat(response).startsWith("HTTP/1.1 200").contains("finished");
            assertThat(stopping).succeedsWithin(Duration.ofSeconds(10));
        } finally {
            release.countDown();
            server.stop(Duration.ZERO);
        }
    }

    @Test
    void namedNamesTheAvailableBackendsWhenNoneMatches() {
        assertThatThrownBy(() -> Backend.named("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"nope\"").hasMessageEndingWith("available: builtin, jetty, tomcat");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jetty", "tomcat"})
    void containersRefuseSingleThreadingNamingTheOption(String name) {
        assertThatThrownBy(() -> Backend.named(name).start(new HelloApp(), OPTIONS.withThreading(Threading.SINGLE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threading single").hasMessageContaining("only by the builtin backend")
                .hasMessageContaining(name);
    }

    @ParameterizedTest
    @MethodSource("installed")
    void aPostBodyReachesWsgiInputWhetherSizedOrChunked(Backend backend) throws Exception {
        Application echo = (env, sr) -> {
            byte[] body = ((InputStream) env.get(Environ.WSGI_INPUT)).readAllBytes();
            sr.start("200 OK", List.of(new Header("Content-Type", "application/octet-stream"),
                    new Header("Content-Length", Integer.toString(body.length))));
            return List.of(body);
        };
        String big = "0123456789abcdef".repeat(8 * 1024); // 128 KiB: more than any one read
        try (RunningServer server = start(backend, echo, OPTIONS)) {
            String sized = exchange(server.port(), "POST /p HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: "
                    + big.length() + "\r\n\r\n" + big);
            assertThat(sized).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n" + big);
            String chunked = exchange(server.port(), "POST /p HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");
            assertThat(chunked).startsWith("HTTP/1.1 200").contains("Content-Length: 7").endsWith("\r\n\r\nabcdefg");
        }
    }

    @ParameterizedTest
    @MethodSource("installed")
    void sendsTheFirstChunkBeforeTheAppProducesTheSecond(Backend backend) throws Exception {
        CountDownLatch second = new CountDownLatch(1);
        Application streaming = (env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
            return () -> new Iterator<>() {
                private int n;

                @Override
                public boolean hasNext() {
                    return n < 2;
                }

                @Override
                public byte[] next() {
                    if (n++ == 0) {
                        return "first-chunk;".getBytes(US_ASCII);
                    }
                    try {
                        if (!second.await(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                            throw new IllegalStateException("the test never asked for the second chunk");
                        }
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return "second-chunk".getBytes(US_ASCII);
                }
            };
        };
        try (RunningServer server = start(backend, streaming, OPTIONS); Socket s = connect(server.port())) {
            s.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            // the socket timeout fails this read if the first chunk waits for the second
            while (!seen.toString(US_ASCII).contains("first-chunk;")) {
                int b = in.read();
                assertThat(b).as("connection closed before the first chunk").isNotNegative();
                seen.write(b);
            }
            assertThat(seen.toString(US_ASCII)).doesNotContain("second-chunk");
            second.countDown();
            seen.write(in.readAllBytes());
            assertThat(seen.toString(US_ASCII)).contains("second-chunk");
        } finally {
            second.countDown();
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(TIMEOUT_MS);
        return s;
    }

    /** Sends {@code request} (which asks to close the connection) and reads the whole response. */
    static String exchange(int port, String request) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(request.getBytes(US_ASCII));
            return new String(s.getInputStream().readAllBytes(), US_ASCII);
        }
    }

    /** One response whose body ends with the connection or is sized: enough for these tests' apps. */
    private static String readResponse(InputStream in) throws IOException {
        return new String(in.readAllBytes(), US_ASCII);
    }

    private static boolean accepting(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
