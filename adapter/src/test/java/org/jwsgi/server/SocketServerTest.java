package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;
import org.jwsgi.server.ConnectionHandler.Step;

/** The socket layer on its own, with an echo server. */
class SocketServerTest {

    private static final ConnectionHandler ECHO = c -> () -> {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int n = c.readNow(buffer);
        if (n < 0) {
            return Step.CLOSE;
        }
        c.write(buffer.flip());
        return Step.IDLE;
    };

    private static String exchange(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(US_ASCII));
        return new String(s.getInputStream().readNBytes(text.length()), US_ASCII);
    }

    @ParameterizedTest
    @EnumSource(Threading.class)
    void echoesWhatItReads(Threading threading) throws IOException {
        ServerOptions options = ServerOptions.defaults().withPort(0).withThreading(threading);
        try (SocketServer server = SocketServer.create(ECHO, options).start();
                Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            assertThat(exchange(s, "hello")).isEqualTo("hello");
            assertThat(exchange(s, "again")).isEqualTo("again");
        }
    }

    @Test
    void servesConnectionsConcurrentlyWhenThreaded() throws IOException {
        try (SocketServer server = SocketServer.create(ECHO, ServerOptions.defaults().withPort(0)).start();
                Socket a = new Socket("127.0.0.1", server.port());
                Socket b = new Socket("127.0.0.1", server.port())) {
            a.setSoTimeout(5000);
            b.setSoTimeout(5000);
            assertThat(exchange(a, "a1")).isEqualTo("a1");
            assertThat(exchange(b, "b1")).isEqualTo("b1"); // a is still open and idle
            assertThat(exchange(a, "a2")).isEqualTo("a2");
        }
    }

    @Test
    void queuesConnectionsBeyondTheCapInsteadOfDroppingThem() throws Exception {
        ServerOptions options = ServerOptions.defaults().withPort(0).withMaxConnections(1);
        try (SocketServer server = SocketServer.create(ECHO, options).start();
                Socket first = new Socket("127.0.0.1", server.port());
                Socket second = new Socket("127.0.0.1", server.port())) {
            first.setSoTimeout(5000);
            second.setSoTimeout(200);
            assertThat(exchange(first, "1")).isEqualTo("1");
            second.getOutputStream().write('2');
            InputStream in = second.getInputStream();
            assertThat(readOrTimeout(in)).as("second waits while the first holds the only slot").isEqualTo(-2);
            first.close();
            second.setSoTimeout(5000);
            assertThat(in.read()).isEqualTo('2');
            assertThat(server.acceptedConnections()).isEqualTo(2);
        }
    }

    @Test
    void stopClosesIdleConnectionsOnceIdleForStopIdleTimeoutAndWaitsForBusyOnes() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        ConnectionHandler handler = c -> new ConnectionHandler.Session() {
            @Override
            public Step readable() throws IOException {
                ByteBuffer one = ByteBuffer.allocate(1);
                int n = c.readNow(one);
                return n < 0 ? Step.CLOSE : n == 0 ? Step.IDLE : one.get(0) == 'w' ? Step.RUN_BLOCKING : Step.IDLE;
            }

            @Override
            public Step run() throws IOException {
                busy.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                c.write(ByteBuffer.wrap(new byte[] {'k'}));
                finished.incrementAndGet();
                return Step.IDLE;
            }
        };
        SocketServer server = SocketServer.create(handler, ServerOptions.defaults().withPort(0)
                .withStopIdleTimeout(Duration.ofMillis(200))).start();
        try (Socket idle = new Socket("127.0.0.1", server.port());
                Socket working = new Socket("127.0.0.1", server.port())) {
            working.getOutputStream().write('w');
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
            Thread stopper = new Thread(() -> server.stop(Duration.ofSeconds(10)));
            stopper.start();
            idle.setSoTimeout(5000);
            assertThat(idle.getInputStream().read()).as("idle connection closed once idle 200 ms").isEqualTo(-1);
            assertThat(stopper.isAlive()).as("stop waits for the busy connection").isTrue();
            release.countDown();
            working.setSoTimeout(5000);
            assertThat(working.getInputStream().read()).isEqualTo('k');
            assertThat(working.getInputStream().read()).as("closed once its work is done").isEqualTo(-1);
            stopper.join(5000);
            assertThat(stopper.isAlive()).isFalse();
            assertThat(finished).hasValue(1);
            assertThat(server.openConnections()).isZero();
        }
    }

    @Test
    void stopCutsWhatOutlivesTheGrace() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        ConnectionHandler stuck = c -> new ConnectionHandler.Session() {
            @Override
            public Step readable() throws IOException {
                return c.readNow(ByteBuffer.allocate(1)) > 0 ? Step.RUN_BLOCKING : Step.IDLE;
            }

            @Override
            public Step run() throws IOException {
                entered.countDown();
                c.read(ByteBuffer.allocate(1), Long.MAX_VALUE); // busy, waiting for the client
                return Step.CLOSE;
            }
        };
        SocketServer server = SocketServer.create(stuck, ServerOptions.defaults().withPort(0)).start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write('x');
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            server.stop(Duration.ofMillis(200));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            s.setSoTimeout(5000);
            // a reset, not a clean end: whatever it was sending must not look complete
            org.assertj.core.api.Assertions.assertThatExceptionOfType(java.net.SocketException.class)
                    .isThrownBy(() -> s.getInputStream().read());
        }
    }

    @Test
    void stopsANeverStartedServerAtOnce() throws Exception {
        SocketServer server = SocketServer.create(ECHO, ServerOptions.defaults().withPort(0));
        long t0 = System.nanoTime();
        server.stop(Duration.ofSeconds(10));
        server.awaitStop();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void stopEndsTheAcceptorEvenWhenEverySlotIsTaken() throws Exception {
        ServerOptions options = ServerOptions.defaults().withPort(0).withMaxConnections(1);
        SocketServer server = SocketServer.create(ECHO, options).start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            assertThat(exchange(s, "x")).isEqualTo("x"); // the only permit is taken
            server.stop(Duration.ofMillis(100));
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("jwsgi-acceptor-" + server.port()) && t.isAlive());
    }

    @Test
    void reportsThePortTheOsChose() throws IOException {
        try (SocketServer server = SocketServer.create(ECHO, ServerOptions.defaults().withPort(0)).start()) {
            assertThat(server.port()).isBetween(1, 65535);
        }
    }

    @Test
    void refusesAPortInUseWithAClearError() throws IOException {
        try (SocketServer first = SocketServer.create(ECHO, ServerOptions.defaults().withPort(0)).start()) {
            SocketServer second = SocketServer.create(ECHO, ServerOptions.defaults().withPort(first.port()));
            org.assertj.core.api.Assertions.assertThatIOException().isThrownBy(second::start)
                    .withMessageContaining("cannot listen on 127.0.0.1:" + first.port());
        }
    }

    /** Reads a byte; -2 if none arrives within the socket's timeout. */
    private static int readOrTimeout(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (java.net.SocketTimeoutException e) {
            return -2;
        }
    }
}
