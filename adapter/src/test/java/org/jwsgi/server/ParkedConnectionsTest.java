package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jwsgi.RawResponse;
import org.jwsgi.cli.HelloApp;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;

/**
 * Idle connections waiting for their next request without a thread: on the socket layer
 * ({@link Connection#resumeWhenReadable}) and for HTTP keep-alive in the bundled server.
 */
class ParkedConnectionsTest {

    /** Echoes a line at a time; between lines the connection waits parked, counting its turns. */
    private static final ConnectionHandler PARKING_ECHO = c -> {
        Integer turns = (Integer) c.attachment();
        c.attach(turns == null ? 1 : turns + 1);
        InputStream in = c.socket().getInputStream();
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) >= 0; ) {
            line.append((char) b);
            if (b == '\n') {
                c.socket().getOutputStream().write((c.attachment() + ":" + line).getBytes(US_ASCII));
                if (in.available() == 0 && c.resumeWhenReadable(Duration.ofSeconds(30))) {
                    return; // called again when the next line comes
                }
                line.setLength(0);
            }
        }
    };

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting until " + what).isNegative();
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static boolean accepts(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            s.append((char) b);
        }
        return s.toString();
    }

    @ParameterizedTest
    @EnumSource(value = Threading.class, names = {"PER_CONNECTION", "POOL"})
    void aParkedConnectionIsResumedWithItsStateWhenTheClientSpeaks(Threading threading) throws IOException {
        ServerOptions options = ServerOptions.defaults().withPort(0).withThreading(threading);
        try (SocketServer server = SocketServer.create(PARKING_ECHO, options).start();
                Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            for (int i = 1; i <= 3; i++) {
                s.getOutputStream().write(("line " + i + "\n").getBytes(US_ASCII));
                assertThat(line(in)).isEqualTo(i + ":line " + i);
                await("the connection is parked", () -> server.parkedConnections() == 1);
                assertThat(server.openConnections()).isEqualTo(1);
            }
        }
    }

    @Test
    void aParkedConnectionIsClosedWhenItsTimeoutPasses() throws IOException {
        ConnectionHandler handler = c -> {
            c.socket().getOutputStream().write('>');
            assertThat(c.resumeWhenReadable(Duration.ofMillis(500))).isTrue();
        };
        try (SocketServer server = SocketServer.create(handler, ServerOptions.defaults().withPort(0)).start();
                Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).isEqualTo('>');
            long parkedAt = System.nanoTime();
            await("the connection is parked", () -> server.parkedConnections() == 1);
            assertThat(s.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - parkedAt)).as("not before its timeout")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(400));
            await("the connection is gone", () -> server.openConnections() == 0 && server.parkedConnections() == 0);
        }
    }

    @Test
    void aHeadBegunAfterParkingStillHasHeaderReadTimeout() throws IOException {
        ServerOptions options = ServerOptions.defaults().withPort(0).withHeaderReadTimeout(Duration.ofMillis(500));
        try (WsgiServer server = WsgiServer.create(new HelloApp(), options).start();
                Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
            assertThat(RawResponse.read(s.getInputStream(), false).status()).isEqualTo(200);
            await("the connection is parked", () -> server.parkedConnections() == 1);
            s.getOutputStream().write("GET / HT".getBytes(US_ASCII)); // ... and no more
            RawResponse r = RawResponse.read(s.getInputStream(), false);
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.text()).contains("headerReadTimeout");
        }
    }

    @Test
    void aRequestThatArrivedBeforeAStopIsAnsweredThoughItWaitedForAThread() throws Exception {
        // one pool thread, held by a slow request: the parked connection's next request is resumed
        // and waits in the pool's queue when the stop begins; it must be answered, not reset
        java.util.concurrent.CountDownLatch slowStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        org.jwsgi.Application app = (env, sr) -> {
            if ("/slow".equals(env.get("PATH_INFO"))) {
                slowStarted.countDown();
                release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            return new HelloApp().call(env, sr);
        };
        ServerOptions options = ServerOptions.defaults().withPort(0).withThreading(Threading.POOL).withPoolThreads(1)
                .withStopGrace(Duration.ofSeconds(10));
        WsgiServer server = WsgiServer.create(app, options).start();
        try (Socket idle = new Socket("127.0.0.1", server.port()); Socket slow = new Socket("127.0.0.1", server.port())) {
            idle.setSoTimeout(5000);
            slow.setSoTimeout(5000);
            idle.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
            assertThat(RawResponse.read(idle.getInputStream(), false).status()).isEqualTo(200);
            await("the first connection is parked", () -> server.parkedConnections() == 1);
            slow.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
            assertThat(slowStarted.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            idle.getOutputStream().write("GET /again HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
            await("the first connection is resumed (and queued)", () -> server.parkedConnections() == 0);
            Thread stopper = new Thread(() -> server.stop(Duration.ofSeconds(10)));
            stopper.start();
            int port = server.port();
            await("the server is stopping (its listener closed)", () -> !accepts(port));
            release.countDown();
            assertThat(RawResponse.read(slow.getInputStream(), false).status()).isEqualTo(200);
            RawResponse again = RawResponse.read(idle.getInputStream(), false);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.header("Connection")).isEqualTo("close");
            stopper.join(15_000);
        } finally {
            server.close();
        }
    }

    @Test
    void stopClosesParkedConnectionsOnceIdleForStopIdleTimeoutWithoutWaitingTheGrace() throws IOException {
        SocketServer server = SocketServer.create(PARKING_ECHO, ServerOptions.defaults().withPort(0)
                .withStopGrace(Duration.ofSeconds(30)).withStopIdleTimeout(Duration.ofMillis(300))).start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("hi\n".getBytes(US_ASCII));
            assertThat(line(s.getInputStream())).isEqualTo("1:hi");
            await("the connection is parked", () -> server.parkedConnections() == 1);
            long t0 = System.nanoTime();
            server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("no grace waited for an idle connection")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(server.openConnections()).isZero();
        } finally {
            server.close();
        }
    }

    @Test
    void aSingleThreadedServerDoesNotPark() throws IOException {
        List<Boolean> answers = new ArrayList<>();
        ConnectionHandler handler = c -> answers.add(c.resumeWhenReadable(Duration.ofSeconds(1)));
        ServerOptions options = ServerOptions.defaults().withPort(0).withThreading(Threading.SINGLE);
        try (SocketServer server = SocketServer.create(handler, options).start();
                Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(answers).containsExactly(false);
        }
    }

    @Test
    void keepAliveConnectionsIdleLongerThanParkAfterStopHoldingPoolThreads() throws IOException {
        // 2 pool threads, 6 idle browsers: without parking the third connection would wait for a
        // thread until an idle one timed out
        ServerOptions options = ServerOptions.defaults().withPort(0).withThreading(Threading.POOL).withPoolThreads(2);
        Set<Integer> ports = ConcurrentHashMap.newKeySet();
        try (WsgiServer server = WsgiServer.create(new HelloApp(), options).start()) {
            List<Socket> clients = new ArrayList<>();
            try {
                for (int round = 0; round < 2; round++) {
                    for (int i = 0; i < 6; i++) {
                        if (round == 0) {
                            Socket s = new Socket("127.0.0.1", server.port());
                            s.setSoTimeout(5000);
                            clients.add(s);
                        }
                        Socket s = clients.get(i);
                        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
                        RawResponse r = RawResponse.read(s.getInputStream(), false);
                        assertThat(r.text()).isEqualTo("Hello, World!");
                        assertThat(r.header("Connection")).isNull();
                        ports.add(s.getLocalPort());
                        int parkedBefore = i + 1;
                        await("connection " + i + " is parked", () -> server.parkedConnections() == parkedBefore
                                || server.parkedConnections() == 6);
                    }
                }
                assertThat(ports).as("every request on its keep-alive connection").hasSize(6);
                assertThat(server.openConnections()).isEqualTo(6);
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
        }
    }
}
