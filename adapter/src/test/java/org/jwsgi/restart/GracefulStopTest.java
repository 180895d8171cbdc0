package org.jwsgi.restart;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.RawResponse;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.options.ServerOptions;

/**
 * A stop a load balancer cannot see, on every backend: the health path turns 503 first, the
 * listener closes after the drain delay, a request that arrives on a kept-alive connection during
 * the stop is answered (with {@code Connection: close}) rather than cut, and an idle connection is
 * closed once idle for stopIdleTimeout, without holding the stop for the whole grace.
 */
class GracefulStopTest {

    private static final ServerOptions OPTIONS = ServerOptions.defaults().withPort(0)
            .withStopGrace(Duration.ofSeconds(10));

    /** Answers with the number of body bytes it read, so a POST shows it arrived whole. */
    private static final Application ECHO_LENGTH = (environ, startResponse) -> {
        byte[] body = ("read " + ((InputStream) environ.get(Environ.WSGI_INPUT)).readAllBytes().length + "\n")
                .getBytes(US_ASCII);
        startResponse.start("200 OK", List.of(new Header("Content-Type", "text/plain"),
                new Header("Content-Length", Integer.toString(body.length))));
        return List.of(body);
    };

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void aPostOnAKeptAliveConnectionDuringTheStopIsAnsweredThenTheConnectionCloses(String backend) throws Exception {
        RunningServer server = Backend.named(backend).start(ECHO_LENGTH,
                OPTIONS.withStopIdleTimeout(Duration.ofSeconds(5)));
        try (Socket s = connect(server.port())) {
            RawResponse first = exchange(s, "GET /first HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("Connection")).as("kept alive").isNull();

            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(10)));
            awaitRefused(server.port()); // the listener has closed: the stop is under way
            // a proxy that pooled this connection sends its next request now, before it can know
            RawResponse second = exchange(s, "POST /second HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.text()).isEqualTo("read 5\n");
            assertThat(second.header("Connection")).as("the last response on it").isEqualToIgnoringCase("close");
            assertThat(s.getInputStream().read()).as("then the server closes it").isEqualTo(-1);
            assertThat(stop).as("the stop ends with the last connection, not the grace")
                    .succeedsWithin(Duration.ofSeconds(5));
        } finally {
            server.stop(Duration.ZERO);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void aConnectionStillQueuedInTheBacklogWhenTheStopBeginsIsAnsweredNotReset(String backend) throws Exception {
        // closing a listening socket resets what is queued in its backlog: with --reuse-port, or
        // behind a proxy that has just connected, a request already sent; the stop accepts it first
        RunningServer server = Backend.named(backend).start(ECHO_LENGTH,
                OPTIONS.withMaxConnections(1).withStopIdleTimeout(Duration.ofMillis(300)));
        try (Socket holder = connect(server.port()); Socket queued = connect(server.port())) {
            assertThat(exchange(holder, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            queued.getOutputStream().write("POST /q HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                    .getBytes(US_ASCII));
            queued.setSoTimeout(300);
            assertThatThrownBy(() -> queued.getInputStream().read())
                    .as("not served yet: the only connection slot is taken").isInstanceOf(SocketTimeoutException.class);

            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(10)));
            queued.setSoTimeout(10_000);
            RawResponse answer = RawResponse.read(queued.getInputStream(), false);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.text()).isEqualTo("read 5\n");
            assertThat(queued.getInputStream().read()).as("then closed, cleanly").isEqualTo(-1);
            assertThat(stop).succeedsWithin(Duration.ofSeconds(5));
        } finally {
            server.stop(Duration.ZERO);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void anIdleConnectionIsClosedOnceIdleForStopIdleTimeoutNotAtTheEndOfTheGrace(String backend) throws Exception {
        RunningServer server = Backend.named(backend).start(ECHO_LENGTH,
                OPTIONS.withStopIdleTimeout(Duration.ofMillis(300)));
        try (Socket s = connect(server.port())) {
            assertThat(exchange(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(200);
            long t0 = System.nanoTime();
            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(10)));
            assertThat(s.getInputStream().read()).as("closed by the server, cleanly").isEqualTo(-1);
            assertThat(stop).succeedsWithin(Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("well within the 10 s grace")
                    .isLessThan(Duration.ofSeconds(5));
        } finally {
            server.stop(Duration.ZERO);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void theHealthPathTurns503WhenTheStopBeginsWhileTheAppIsServedUntilTheDrainDelayEnds(String backend)
            throws Exception {
        AtomicInteger appCalls = new AtomicInteger();
        Application app = (environ, startResponse) -> {
            appCalls.incrementAndGet();
            return ECHO_LENGTH.call(environ, startResponse);
        };
        RunningServer server = Backend.named(backend).start(app,
                OPTIONS.withHealthPath("/healthz").withDrainDelay(Duration.ofMillis(1500)));
        try {
            int port = server.port();
            RawResponse ok = request(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.text()).isEqualTo("ok\n");
            assertThat(ok.header("Cache-Control")).isEqualTo("no-store");
            RawResponse head = request(port, "HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.text()).isEmpty();
            RawResponse post = request(port, "POST /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
            assertThat(request(port, "GET /healthz?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status())
                    .isEqualTo(200);
            assertThat(appCalls).as("the app never sees the health path").hasValue(0);

            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(5)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            RawResponse stopping;
            do {
                stopping = request(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertThat(System.nanoTime()).as("health still 200 a second into the stop").isLessThan(deadline);
            } while (stopping.status() == 200);
            assertThat(stopping.status()).isEqualTo(503);
            assertThat(stopping.text()).isEqualTo("stopping\n");
            RawResponse appDuringDrain = request(port, "GET /app HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(appDuringDrain.status()).as("the app is served during the drain delay").isEqualTo(200);
            assertThat(stop).as("still draining").isNotDone();
            awaitRefused(port);
            assertThat(stop).succeedsWithin(Duration.ofSeconds(5));
        } finally {
            server.stop(Duration.ZERO);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void aSecondStopDuringTheDrainDelayDoesNotWaitForIt(String backend) throws Exception {
        RunningServer server = Backend.named(backend).start(ECHO_LENGTH,
                OPTIONS.withHealthPath("/healthz").withDrainDelay(Duration.ofSeconds(30)));
        try {
            CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(5)));
            awaitStatus(server.port(), 503);
            long t0 = System.nanoTime();
            server.stop(Duration.ZERO);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            awaitRefused(server.port());
            slow.cancel(true);
        } finally {
            server.stop(Duration.ZERO);
        }
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static RawResponse exchange(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(US_ASCII));
        s.getOutputStream().flush();
        return RawResponse.read(s.getInputStream(), request.startsWith("HEAD"));
    }

    private static RawResponse request(int port, String request) throws IOException {
        try (Socket s = connect(port)) {
            return exchange(s, request);
        }
    }

    private static void awaitStatus(int port, int status) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (request(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status() != status) {
            assertThat(System.nanoTime()).as("health answering %d", status).isLessThan(deadline);
        }
    }

    /** Polls until connecting to {@code port} is refused: the listener has closed. */
    static void awaitRefused(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                assertThat(System.nanoTime()).as("port %d still accepting", port).isLessThan(deadline);
            } catch (IOException refused) {
                return;
            }
            Thread.onSpinWait();
        }
    }
}
