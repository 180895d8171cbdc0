package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jwsgi.Application;
import org.jwsgi.RawResponse;
import org.jwsgi.cli.HelloApp;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;
import org.jwsgi.server.ConnectionHandler.Session;
import org.jwsgi.server.ConnectionHandler.Step;

/**
 * Connections waiting for their client without a thread: a session's state across waits, its
 * deadline, and what a stop does to waiting connections; for the socket layer on its own and for
 * HTTP keep-alive in the bundled server.
 */
class EventLoopTest {

    /** Echoes a line at a time, numbered by the session's own count of lines: state kept across waits. */
    private static final ConnectionHandler COUNTING_ECHO = c -> new Session() {
        private final StringBuilder line = new StringBuilder();
        private int lines;

        @Override
        public Step readable() throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(64);
            int n = c.readNow(buffer);
            if (n < 0) {
                return Step.CLOSE;
            }
            for (int i = 0; i < n; i++) {
                char ch = (char) buffer.get(i);
                line.append(ch);
                if (ch == '\n') {
                    c.write(ByteBuffer.wrap((++lines + ":" + line).getBytes(US_ASCII)));
                    line.setLength(0);
                }
            }
            return line.length() == 0 ? Step.IDLE : Step.WAIT;
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

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5000);
        return s;
    }

    @ParameterizedTest
    @EnumSource(Threading.class)
    void aSessionKeepsItsStateWhileItsConnectionWaitsWithoutAThread(Threading threading) throws IOException {
        ServerOptions options = ServerOptions.defaults().withPort(0).withThreading(threading);
        try (SocketServer server = SocketServer.create(COUNTING_ECHO, options).start();
                Socket s = connect(server.port())) {
            InputStream in = s.getInputStream();
            for (int i = 1; i <= 3; i++) {
                s.getOutputStream().write(("line " + i + "\n").getBytes(US_ASCII));
                assertThat(line(in)).isEqualTo(i + ":line " + i);
            }
            s.getOutputStream().write("split ".getBytes(US_ASCII)); // a WAIT between two reads
            s.getOutputStream().flush();
            s.getOutputStream().write("line\n".getBytes(US_ASCII));
            assertThat(line(in)).isEqualTo("4:split line");
            assertThat(server.openConnections()).isEqualTo(1);
        }
    }

    @Test
    void aWaitingConnectionIsClosedWhenItsDeadlinePasses() throws IOException {
        ConnectionHandler handler = c -> {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            c.write(ByteBuffer.wrap(new byte[] {'>'}));
            return new Session() {
                @Override
                public Step readable() throws IOException {
                    return c.readNow(ByteBuffer.allocate(16)) < 0 ? Step.CLOSE : Step.IDLE;
                }

                @Override
                public long deadline() {
                    return deadline;
                }
            };
        };
        try (SocketServer server = SocketServer.create(handler, ServerOptions.defaults().withPort(0)).start();
                Socket s = connect(server.port())) {
            assertThat(s.getInputStream().read()).isEqualTo('>');
            long waitingSince = System.nanoTime();
            assertThat(s.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - waitingSince)).as("not before its deadline")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(400));
            await("the connection is gone", () -> server.openConnections() == 0);
        }
    }

    @Test
    void aHeadBegunOnAKeptAliveConnectionStillHasHeaderReadTimeout() throws IOException {
        ServerOptions options = ServerOptions.defaults().withPort(0).withHeaderReadTimeout(Duration.ofMillis(500));
        try (WsgiServer server = WsgiServer.create(new HelloApp(), options).start();
                Socket s = connect(server.port())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
            assertThat(RawResponse.read(s.getInputStream(), false).status()).isEqualTo(200);
            s.getOutputStream().write("GET / HT".getBytes(US_ASCII)); // ... and no more
            RawResponse r = RawResponse.read(s.getInputStream(), false);
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.text()).contains("headerReadTimeout");
        }
    }

    @Test
    void anIdleKeepAliveConnectionClosesAfterKeepAliveTimeout() throws IOException {
        ServerOptions options = ServerOptions.defaults().withPort(0).withKeepAliveTimeout(Duration.ofMillis(300));
        try (WsgiServer server = WsgiServer.create(new HelloApp(), options).start();
                Socket s = connect(server.port())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
            InputStream in = s.getInputStream();
            assertThat(RawResponse.read(in, false).status()).isEqualTo(200);
            long idleSince = System.nanoTime();
            assertThat(in.read()).as("closed by the server").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - idleSince)).isBetween(Duration.ofMillis(250),
                    Duration.ofSeconds(3));
        }
    }

    @Test
    void aRequestThatArrivedBeforeAStopIsAnsweredThoughItWaitedForAThread() throws Exception {
        // one pool thread, held by a slow request: the idle connection's next request waits in the
        // pool's queue when the stop begins; it must be answered, not reset
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Application app = (env, sr) -> {
            if ("/slow".equals(env.get("PATH_INFO"))) {
                slowStarted.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            return new HelloApp().call(env, sr);
        };
        ServerOptions options = ServerOptions.defaults().withPort(0).withThreading(Threading.POOL).withPoolThreads(1)
                .withStopGrace(Duration.ofSeconds(10));
        WsgiServer server = WsgiServer.create(app, options).start();
        try (Socket idle = connect(server.port()); Socket slow = connect(server.port())) {
            idle.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
            assertThat(RawResponse.read(idle.getInputStream(), false).status()).isEqualTo(200);
            slow.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
            assertThat(slowStarted.await(5, TimeUnit.SECONDS)).isTrue();
            idle.getOutputStream().write("GET /again HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
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
    void stopClosesIdleConnectionsOnceIdleForStopIdleTimeoutWithoutWaitingTheGrace() throws IOException {
        SocketServer server = SocketServer.create(COUNTING_ECHO, ServerOptions.defaults().withPort(0)
                .withStopGrace(Duration.ofSeconds(30)).withStopIdleTimeout(Duration.ofMillis(300))).start();
        try (Socket s = connect(server.port())) {
            s.getOutputStream().write("hi\n".getBytes(US_ASCII));
            assertThat(line(s.getInputStream())).isEqualTo("1:hi");
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
    void aPoolOfTwoThreadsKeepsSixKeepAliveConnectionsAndAnswersEach() throws IOException {
        ServerOptions options = ServerOptions.defaults().withPort(0).withThreading(Threading.POOL).withPoolThreads(2);
        try (WsgiServer server = WsgiServer.create(new HelloApp(), options).start()) {
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    clients.add(connect(server.port()));
                }
                for (int round = 0; round < 2; round++) {
                    for (Socket s : clients) {
                        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(US_ASCII));
                        RawResponse r = RawResponse.read(s.getInputStream(), false);
                        assertThat(r.text()).isEqualTo("Hello, World!");
                        assertThat(r.header("Connection")).isNull();
                    }
                }
                assertThat(server.openConnections()).isEqualTo(6);
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
        }
    }
}
