package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.RawResponse;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;

/**
 * A blocking app never stalls the others: while some requests sleep, read a body the client
 * trickles, or write to a client that does not read, requests on other connections are answered
 * at once, in every multi-threaded model. And the common case costs no hand-off: a quick request
 * runs on the loop thread that read it.
 */
class BlockingAppTest {

    private static final List<Header> TEXT = List.of(new Header("Content-Type", "text/plain"));
    /** How long an ordinary request may take while others block: far below any blocking here. */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    /** {@code /sleep} waits for the test, {@code /upload} reads its body, {@code /big} sends 64 MiB, else hello. */
    private static final class App implements Application {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger sleeping = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final Map<String, String> threads = new ConcurrentHashMap<>();

        @Override
        public Iterable<byte[]> call(Map<String, Object> env, org.jwsgi.StartResponse sr) throws Exception {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                String path = (String) env.get(Environ.PATH_INFO);
                threads.put(path, Thread.currentThread().getName());
                switch (path) {
                    case "/sleep" -> {
                        sleeping.incrementAndGet();
                        release.await(20, TimeUnit.SECONDS);
                    }
                    case "/upload" -> ((InputStream) env.get(Environ.WSGI_INPUT)).readAllBytes();
                    case "/big" -> {
                        sr.start("200 OK", TEXT);
                        return List.of(new byte[64 << 20]);
                    }
                    default -> {
                    }
                }
                sr.start("200 OK", TEXT);
                return List.of(path.getBytes(US_ASCII));
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private static Socket connect(WsgiServer server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(US_ASCII));
        s.getOutputStream().flush();
    }

    /** 50 requests on each of 4 keep-alive connections; each must be answered promptly. */
    private static void ordinaryRequestsAreAnsweredPromptly(WsgiServer server) throws IOException {
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                clients.add(connect(server));
            }
            for (int round = 0; round < 50; round++) {
                for (Socket s : clients) {
                    long t0 = System.nanoTime();
                    send(s, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(RawResponse.read(s.getInputStream(), false).text()).isEqualTo("/hello");
                    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("an ordinary request, round " + round)
                            .isLessThan(PROMPTLY);
                }
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out waiting until " + what).isNegative();
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Threading.class, names = {"PER_CONNECTION", "POOL"})
    void sleepingRequestsDoNotStallTheOthers(Threading threading) throws Exception {
        App app = new App();
        ServerOptions options = ServerOptions.defaults().withPort(0).withThreading(threading).withPoolThreads(16);
        try (WsgiServer server = WsgiServer.create(app, options).start()) {
            List<Socket> sleepers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = connect(server);
                    send(s, "GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n");
                    sleepers.add(s);
                    int asleep = i + 1;
                    // one at a time, so that the first ones are found by a loop and run on it
                    await(asleep + " requests asleep", () -> app.sleeping.get() == asleep);
                }
                ordinaryRequestsAreAnsweredPromptly(server);
                app.release.countDown();
                for (Socket s : sleepers) {
                    assertThat(RawResponse.read(s.getInputStream(), false).text()).isEqualTo("/sleep");
                }
            } finally {
                app.release.countDown();
                for (Socket s : sleepers) {
                    s.close();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Threading.class, names = {"PER_CONNECTION", "POOL"})
    void aTrickledBodyDoesNotStallTheOthers(Threading threading) throws Exception {
        App app = new App();
        ServerOptions options = ServerOptions.defaults().withPort(0).withThreading(threading).withPoolThreads(16);
        try (WsgiServer server = WsgiServer.create(app, options).start(); Socket slow = connect(server)) {
            send(slow, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nfirst bytes");
            await("the upload is being read", () -> app.threads.containsKey("/upload"));
            ordinaryRequestsAreAnsweredPromptly(server);
            send(slow, "x".repeat(1000 - "first bytes".length()));
            assertThat(RawResponse.read(slow.getInputStream(), false).text()).isEqualTo("/upload");
        }
    }

    @Test
    void aClientThatDoesNotReadItsResponseDoesNotStallTheOthers() throws Exception {
        App app = new App();
        try (WsgiServer server = WsgiServer.create(app, ServerOptions.defaults().withPort(0)).start();
                Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()));
            send(stalled, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n"); // ... and never read
            await("the big response is being written", () -> app.threads.containsKey("/big"));
            ordinaryRequestsAreAnsweredPromptly(server);
        }
    }

    @Test
    void aQuickRequestRunsOnTheLoopThreadThatReadItAndAWaitingBodyOnAWorker() throws Exception {
        App app = new App();
        try (WsgiServer server = WsgiServer.create(app, ServerOptions.defaults().withPort(0)).start();
                Socket s = connect(server)) {
            send(s, "GET /quick HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(RawResponse.read(s.getInputStream(), false).text()).isEqualTo("/quick");
            assertThat(app.threads.get("/quick")).as("no hand-off").startsWith("jwsgi-loop-");
            send(s, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234");
            await("the upload is being read", () -> app.threads.containsKey("/upload"));
            send(s, "56789");
            assertThat(RawResponse.read(s.getInputStream(), false).text()).isEqualTo("/upload");
            assertThat(app.threads.get("/upload")).as("a body still arriving: a worker waits for it")
                    .startsWith("jwsgi-conn-");
        }
    }

    @Test
    void aResponseStreamedLongGoesToWorkersWhileQuickRequestsAndOneWriteComputationsStayOnTheLoop() throws Exception {
        // /stream: 10 flushed chunks, 100 us of computation before each (1 ms on the loop, 10 writes);
        // /spin: 1 ms of computation, one write (no wait the server or the lookout would see)
        Map<String, List<String>> threads = new ConcurrentHashMap<>();
        Application app = (env, sr) -> {
            String path = (String) env.get(Environ.PATH_INFO);
            threads.computeIfAbsent(path, p -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(Thread.currentThread().getName());
            sr.start("200 OK", TEXT);
            if (path.equals("/stream")) {
                return () -> java.util.stream.IntStream.range(0, 10).mapToObj(i -> {
                    spin(100);
                    return new byte[] {'x'};
                }).iterator();
            }
            if (path.equals("/spin")) {
                spin(1000);
            }
            return List.of(path.getBytes(US_ASCII));
        };
        try (WsgiServer server = WsgiServer.create(app, ServerOptions.defaults().withPort(0)).start();
                Socket streaming = connect(server);
                Socket computing = connect(server);
                Socket quick = connect(server)) {
            for (int i = 0; i < 3; i++) {
                send(computing, "GET /spin HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(RawResponse.read(computing.getInputStream(), false).text()).isEqualTo("/spin");
            }
            assertThat(threads.get("/spin")).as("one write: it stays on the loop").allMatch(t -> t.startsWith("jwsgi-loop-"));
            for (int i = 0; i < 6 && !last(threads.get("/stream")).startsWith("jwsgi-conn-"); i++) {
                send(streaming, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(RawResponse.read(streaming.getInputStream(), false).text()).isEqualTo("xxxxxxxxxx");
            }
            assertThat(threads.get("/stream")).as("run on the loop, then on a worker").first().asString()
                    .startsWith("jwsgi-loop-");
            assertThat(last(threads.get("/stream"))).startsWith("jwsgi-conn-");
            send(quick, "GET /quick HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(RawResponse.read(quick.getInputStream(), false).text()).isEqualTo("/quick");
            assertThat(threads.get("/quick")).as("another connection's quick request").singleElement().asString()
                    .startsWith("jwsgi-loop-");
        }
    }

    private static String last(List<String> names) {
        return names == null ? "" : names.get(names.size() - 1);
    }

    private static void spin(long micros) {
        long end = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aPoolNeverRunsMoreRequestsAtOnceThanItHasThreadsLoopsIncluded() throws Exception {
        App app = new App();
        ServerOptions options = ServerOptions.defaults().withPort(0).withThreading(Threading.POOL).withPoolThreads(2);
        try (WsgiServer server = WsgiServer.create(app, options).start()) {
            List<Socket> sleepers = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    Socket s = connect(server);
                    send(s, "GET /sleep HTTP/1.1\r\nHost: x\r\n\r\n");
                    sleepers.add(s);
                }
                await("two requests asleep", () -> app.sleeping.get() == 2);
                app.release.countDown();
                for (Socket s : sleepers) {
                    assertThat(RawResponse.read(s.getInputStream(), false).text()).isEqualTo("/sleep");
                }
                assertThat(app.mostAtOnce).as("requests running at once").hasValue(2);
            } finally {
                app.release.countDown();
                for (Socket s : sleepers) {
                    s.close();
                }
            }
        }
    }
}
