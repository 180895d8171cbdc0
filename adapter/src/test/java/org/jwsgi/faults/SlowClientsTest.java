package org.jwsgi.faults;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.jwsgi.faults.Wire.connect;
import static org.jwsgi.faults.Wire.send;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.jwsgi.Application;
import org.jwsgi.Header;
import org.jwsgi.RawResponse;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.server.WsgiServer;

/**
 * Slowloris: 1,000 connections that send half a head a byte at a time, or nothing at all, while
 * ordinary clients keep being answered at once; then headerReadTimeout (a deadline for the whole
 * head, not per read, so dripping bytes cannot extend it) clears every one of them.
 *
 * <p>On Java 17 each connection holds a platform thread, so the 1,000 cost 1,000 parked threads and
 * 2,000 file descriptors (both ends live in this JVM): the test checks the fd limit first.
 */
class SlowClientsTest {

    private static final int SLOW = 1000;
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);

    @Test
    void answersOrdinaryClientsWhileAThousandSlowOnesHoldConnectionsThenCutsTheSlowOnes() throws Exception {
        assumeTrue(fdHeadroom() > 2 * SLOW + 500, "needs ~2,500 free file descriptors (ulimit -n)");
        Application hello = (env, sr) -> {
            sr.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
            return List.of("hello".getBytes(US_ASCII));
        };
        ServerOptions options = ServerOptions.defaults().withHeaderReadTimeout(HEAD_TIMEOUT)
                .withLingerTimeout(Duration.ofMillis(100)); // a 408'd client has nothing worth waiting for
        List<Socket> dripping = new ArrayList<>();
        List<Socket> silent = new ArrayList<>();
        AtomicBoolean drip = new AtomicBoolean(true);
        ExecutorService ordinary = Executors.newFixedThreadPool(4);
        Thread dripper = new Thread(() -> dripLoop(dripping, drip), "test-dripper");
        try (WsgiServer server = Wire.start(hello, options)) {
            assertThat(get(server)).isEqualTo("hello"); // warm up, so the baseline counts no lazy opening
            assertThat(Wire.await(Duration.ofSeconds(5), () -> server.openConnections() == 0)).isTrue();
            long threadsBefore = Wire.connectionThreads();
            long fdsBefore = Wire.openFds();

            long t0 = System.nanoTime();
            for (int i = 0; i < SLOW; i++) {
                Socket s = connect(server);
                if (i % 2 == 0) {
                    send(s, "GET /slow HTTP/1.1\r\nHost: x\r\nX-Drip: ");
                    dripping.add(s);
                } else {
                    silent.add(s);
                }
            }
            dripper.start();
            assertThat(Wire.await(Duration.ofSeconds(10), () -> server.openConnections() == SLOW))
                    .as("all slow connections accepted").isTrue();
            Duration opening = Duration.ofNanos(System.nanoTime() - t0);

            long t1 = System.nanoTime();
            List<Future<Duration>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(ordinary.submit(() -> {
                    long start = System.nanoTime();
                    assertThat(get(server)).isEqualTo("hello");
                    return Duration.ofNanos(System.nanoTime() - start);
                }));
            }
            for (Future<Duration> a : answers) {
                assertThat(a.get(5, TimeUnit.SECONDS)).as("one ordinary request").isLessThan(ANSWER_WITHIN);
            }
            Duration served = Duration.ofNanos(System.nanoTime() - t1);
            int heldMeanwhile = server.openConnections();
            System.out.printf("%d slow connections opened in %d ms; 20 ordinary requests served in %d ms;"
                    + " %d connections held meanwhile%n", SLOW, opening.toMillis(), served.toMillis(), heldMeanwhile);
            // only meaningful if no slow connection could have timed out yet: opening + serving < timeout
            assertThat(opening.plus(served)).isLessThan(HEAD_TIMEOUT);
            assertThat(heldMeanwhile).as("slow connections still held while others were served")
                    .isGreaterThanOrEqualTo(SLOW);

            assertThat(Wire.await(HEAD_TIMEOUT.plusSeconds(5), () -> server.openConnections() == 0))
                    .as("headerReadTimeout cleared every slow connection").isTrue();
            drip.set(false);
            dripper.join(5000);
            for (Socket s : dripping) {
                RawResponse r = RawResponse.read(s.getInputStream(), false);
                assertThat(r.status()).isEqualTo(408);
                assertThat(r.text()).contains("headerReadTimeout");
            }
            for (Socket s : silent) {
                assertThat(s.getInputStream().read()).as("closed without a response").isEqualTo(-1);
            }
            closeAll(dripping);
            closeAll(silent);
            assertThat(Wire.await(Duration.ofSeconds(5), () -> Wire.connectionThreads() <= threadsBefore))
                    .as("connection threads back to baseline").isTrue();
            if (fdsBefore >= 0) {
                assertThat(Wire.await(Duration.ofSeconds(5), () -> Wire.openFds() <= fdsBefore))
                        .as("file descriptors back to baseline (%d)", fdsBefore).isTrue();
            }
        } finally {
            drip.set(false);
            ordinary.shutdownNow();
            closeAll(dripping);
            closeAll(silent);
        }
    }

    /** A byte every 100 ms on each dripping socket: each read of the server succeeds, the head never ends. */
    private static void dripLoop(List<Socket> sockets, AtomicBoolean drip) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // bounded, whatever happens
        while (drip.get() && System.nanoTime() < deadline) {
            for (Socket s : sockets) {
                try {
                    s.getOutputStream().write('a');
                } catch (IOException e) {
                    // the server has closed this one: its 408 is waiting to be read
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // the pace
        }
    }

    private static String get(WsgiServer server) throws IOException {
        try (Socket s = connect(server)) {
            send(s, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            return RawResponse.read(s.getInputStream(), false).text();
        }
    }

    private static long fdHeadroom() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            return os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount();
        }
        return Long.MAX_VALUE; // not Unix: no such limit to check
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
