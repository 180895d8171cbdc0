package org.jwsgi.faults;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jwsgi.faults.Wire.connect;
import static org.jwsgi.faults.Wire.send;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.RawResponse;
import org.jwsgi.TrackedBody;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;
import org.jwsgi.server.WsgiServer;

/**
 * A client that leaves in the middle of an exchange: the server notices on its next write (mid
 * response) or read (mid upload), closes the body, and gives the thread and connection back within
 * a second. (WsgiServerTest covers the plain FIN cases with a 5-second bound.)
 */
class ClientDisconnectTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final List<Header> TEXT = List.of(new Header("Content-Type", "text/plain"));

    record Leave(String name, boolean reset, long pauseNanos) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Leave> midResponse() {
        return Stream.of(
                new Leave("FIN while the server writes flat out", false, 0),
                new Leave("reset while the server writes flat out", true, 0),
                new Leave("FIN between the chunks of a slow stream", false, TimeUnit.MILLISECONDS.toNanos(20)),
                new Leave("reset between the chunks of a slow stream", true, TimeUnit.MILLISECONDS.toNanos(20)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("midResponse")
    void closesTheBodyAndFreesTheThreadWithinASecondWhenTheClientLeavesMidResponse(Leave leave) throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        TrackedBody body = endless(leave.pauseNanos(), streaming);
        Application app = (env, sr) -> {
            sr.start("200 OK", TEXT);
            return body;
        };
        long threadsBefore = Wire.connectionThreads();
        try (WsgiServer server = Wire.start(app, ServerOptions.defaults())) {
            Socket s = connect(server);
            send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(streaming.await(5, TimeUnit.SECONDS)).isTrue();
            s.getInputStream().readNBytes(1000);
            leave(s, leave.reset());
            assertThat(body.closed.await(1, TimeUnit.SECONDS)).as("body closed within a second").isTrue();
            assertThat(Wire.await(SECOND, () -> server.openConnections() == 0)).as("connection released").isTrue();
            assertThat(Wire.await(SECOND, () -> Wire.connectionThreads() <= threadsBefore))
                    .as("connection thread ended").isTrue();
            assertThat(body.closes).hasValue(1);
        }
    }

    @Test
    void aPoolOfOneThreadServesTheNextClientOnceTheFirstLeavesMidResponse() throws Exception {
        CountDownLatch streaming = new CountDownLatch(1);
        TrackedBody body = endless(0, streaming);
        Application app = (env, sr) -> {
            sr.start("200 OK", TEXT);
            return "/next".equals(env.get("PATH_INFO")) ? List.of("next".getBytes(US_ASCII)) : body;
        };
        ServerOptions one = ServerOptions.defaults().withThreading(Threading.POOL).withPoolThreads(1);
        try (WsgiServer server = Wire.start(app, one)) {
            Socket s = connect(server);
            send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(streaming.await(5, TimeUnit.SECONDS)).isTrue();
            Socket next = connect(server); // after s: an idle connection would hold the only thread
            send(next, "GET /next HTTP/1.1\r\nHost: x\r\n\r\n"); // queued behind the only thread
            s.close();
            long t0 = System.nanoTime();
            assertThat(RawResponse.read(next.getInputStream(), false).text()).isEqualTo("next");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(SECOND);
            assertThat(body.closes).hasValue(1);
            next.close();
        }
    }

    record Upload(String name, String head, String partialBody, boolean reset) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Upload> midUpload() {
        String sized = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n";
        String chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        return Stream.of(
                new Upload("Content-Length body, FIN", sized, "abcde", false),
                new Upload("Content-Length body, reset", sized, "abcde", true),
                new Upload("chunked body, FIN inside a chunk", chunked, "5\r\nabcde\r\n10\r\nabc", false),
                new Upload("chunked body, reset inside a chunk", chunked, "5\r\nabcde\r\n10\r\nabc", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("midUpload")
    void wsgiInputRaisesInTheAppWhenTheClientLeavesMidUpload(Upload u) throws Exception {
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger serverLog = Logger.getLogger(WsgiServer.class.getName());
        serverLog.addHandler(capture);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Application app = (env, sr) -> {
            InputStream in = (InputStream) env.get(Environ.WSGI_INPUT);
            try {
                in.read(); // the head and the first body bytes are in: now the client may leave
                reading.countDown();
                in.readAllBytes();
            } catch (IOException e) {
                seen.set(e);
                throw e; // what an app does with a failed read: the server must cope
            } finally {
                returned.countDown();
            }
            sr.start("200 OK", TEXT);
            return List.of();
        };
        long threadsBefore = Wire.connectionThreads();
        try (WsgiServer server = Wire.start(app, ServerOptions.defaults())) {
            Socket s = connect(server);
            send(s, u.head() + u.partialBody());
            assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
            leave(s, u.reset());
            assertThat(returned.await(1, TimeUnit.SECONDS)).as("the read returned within a second").isTrue();
            assertThat(seen.get()).as("wsgi.input raised").isInstanceOf(IOException.class);
            assertThat(Wire.await(SECOND, () -> server.openConnections() == 0)).as("connection released").isTrue();
            assertThat(Wire.await(SECOND, () -> Wire.connectionThreads() <= threadsBefore))
                    .as("connection thread ended").isTrue();
            // the client's doing, not the app's: no ERROR (a client could flood the log with them)
            assertThat(errors).extracting(LogRecord::getMessage).isEmpty();
        } finally {
            serverLog.removeHandler(capture);
        }
    }

    private static void leave(Socket s, boolean reset) throws IOException {
        if (reset) {
            Wire.reset(s);
        } else {
            s.close();
        }
    }

    /** A body that never ends: 8 KiB chunks, {@code pauseNanos} apart (a ticker, a log tail). */
    private static TrackedBody endless(long pauseNanos, CountDownLatch streaming) {
        byte[] chunk = new byte[8192];
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
                        if (pauseNanos > 0) {
                            LockSupport.parkNanos(pauseNanos); // the app's own pace, not a test wait
                        }
                        return chunk;
                    }
                };
            }
        };
    }
}
