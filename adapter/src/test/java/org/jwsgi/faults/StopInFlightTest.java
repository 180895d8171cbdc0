package org.jwsgi.faults;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.jwsgi.faults.Wire.closedByServer;
import static org.jwsgi.faults.Wire.connect;
import static org.jwsgi.faults.Wire.readOrCut;
import static org.jwsgi.faults.Wire.send;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.RawResponse;
import org.jwsgi.TrackedBody;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.server.WsgiServer;

/**
 * {@code stop(grace)} with every kind of connection at once: idle keep-alive, a request that
 * finishes within the grace, an endless stream, an upload the client stalls, a half-sent head.
 * Each ends the way it should, every body is closed once, and nothing is left running.
 * (WsgiServerTest and SocketServerTest cover these one at a time.)
 */
class StopInFlightTest {

    private static final List<Header> TEXT = List.of(new Header("Content-Type", "text/plain"));
    private static final Duration GRACE = Duration.ofMillis(500);

    @Test
    void stopFinishesWhatItCanCutsTheRestAndLeavesNothingRunning() throws Exception {
        CountDownLatch quickInApp = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch uploading = new CountDownLatch(1);
        AtomicReference<Throwable> uploadError = new AtomicReference<>();
        TrackedBody quickBody = TrackedBody.of("done");
        TrackedBody streamBody = endless(streaming);
        Application app = (env, sr) -> {
            switch ((String) env.get("PATH_INFO")) {
                case "/quick" -> {
                    quickInApp.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    sr.start("200 OK", TEXT);
                    return quickBody;
                }
                case "/stream" -> {
                    sr.start("200 OK", TEXT);
                    return streamBody;
                }
                case "/upload" -> {
                    InputStream in = (InputStream) env.get(Environ.WSGI_INPUT);
                    try {
                        in.read();
                        uploading.countDown();
                        in.readAllBytes(); // the client sends no more: only the stop ends this read
                    } catch (IOException e) {
                        uploadError.set(e);
                        throw e;
                    }
                    sr.start("200 OK", TEXT);
                    return List.of();
                }
                default -> {
                    sr.start("200 OK", TEXT);
                    return List.of("ok".getBytes(US_ASCII));
                }
            }
        };
        long threadsBefore = Wire.connectionThreads();
        // the idle connection is closed once idle stopIdleTimeout, well within the grace
        WsgiServer server = Wire.start(app, ServerOptions.defaults().withStopIdleTimeout(Duration.ofMillis(100)));
        int port = server.port();
        try (Socket idle = connect(server); Socket quick = connect(server); Socket stream = connect(server);
                Socket upload = connect(server); Socket halfHead = connect(server)) {
            send(idle, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(RawResponse.read(idle.getInputStream(), false).text()).isEqualTo("ok");
            send(quick, "GET /quick HTTP/1.1\r\nHost: x\r\n\r\n");
            send(stream, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
            send(upload, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nabc");
            send(halfHead, "GET /never HTTP/1.1\r\nHost: x\r\n");
            assertThat(quickInApp.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(streaming.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(uploading.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(Wire.await(Duration.ofSeconds(5), () -> server.openConnections() == 5)).isTrue();

            long t0 = System.nanoTime();
            Thread stopper = new Thread(() -> server.stop(GRACE), "test-stopper");
            stopper.start();
            assertThat(closedByServer(idle)).as("the idle connection closes once idle 100 ms").isTrue();
            release.countDown();
            RawResponse done = RawResponse.read(quick.getInputStream(), false);
            assertThat(done.text()).isEqualTo("done");
            assertThat(done.header("Connection")).isEqualTo("close");
            assertThat(closedByServer(quick)).isTrue();

            stopper.join(GRACE.toMillis() + 3000);
            assertThat(stopper.isAlive()).as("stop returned").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(GRACE.plusSeconds(2));
            assertThat(readOrCut(stream, false)).as("the endless stream is cut, not ended cleanly").isNull();
            assertThat(closedByServer(upload)).isTrue();
            assertThat(closedByServer(halfHead)).isTrue();
            assertThat(uploadError.get()).as("the stalled upload's read failed in the app")
                    .isInstanceOf(IOException.class);
            assertThat(quickBody.closes).hasValue(1);
            assertThat(streamBody.closes).hasValue(1);
            assertThat(server.openConnections()).isZero();
            assertThat(Wire.await(Duration.ofSeconds(1), () -> Wire.connectionThreads() <= threadsBefore))
                    .as("every connection thread ended").isTrue();
            assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> new Socket("127.0.0.1", port).close());
        } finally {
            release.countDown();
            server.stop(Duration.ZERO);
        }
    }

    /** An endless body, a chunk every 20 ms (a ticker). */
    private static TrackedBody endless(CountDownLatch streaming) {
        byte[] chunk = "tick\n".getBytes(US_ASCII);
        return new TrackedBody(List.of(), -1) {
            @Override
            public Iterator<byte[]> iterator() {
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return true;
                    }

                    @Override
                    public byte[] next() {
                        streaming.countDown();
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // the app's pace
                        return chunk;
                    }
                };
            }
        };
    }
}
