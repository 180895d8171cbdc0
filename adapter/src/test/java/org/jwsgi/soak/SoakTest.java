package org.jwsgi.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.server.WsgiServer;

/**
 * The soak: minutes of mixed load with random client aborts against the bundled server, then a
 * check that nothing went wrong and nothing leaked. Not part of {@code mvn verify} (tag
 * {@code soak}); see docs/soak.md for the command and the figures of the last full run.
 *
 * <p>System properties: {@code soak.minutes} (default 10), {@code soak.clients} (default 8),
 * {@code soak.seed} (default: the clock; printed, so a run can be repeated).
 */
@Tag("soak")
class SoakTest {

    private static final long MIB = 1024 * 1024;
    /** How far used heap after GC may end above where it started and still count as flat. */
    private static final long HEAP_SLACK = 16 * MIB;

    @Test
    void servesMixedLoadWithAbortsWithoutErrorsOrLeaks() throws Exception {
        double minutes = Double.parseDouble(System.getProperty("soak.minutes", "10"));
        int clients = Integer.getInteger("soak.clients", 8);
        long seed = Long.getLong("soak.seed", System.nanoTime());
        SoakApp app = new SoakApp();
        SoakLog log = SoakLog.install();
        try (WsgiServer server = WsgiServer.create(app, ServerOptions.defaults().withPort(0)).start()) {
            // warm up (classes loaded, JIT busy, lazily opened jars open) so the baseline is honest
            run(server, 2, Duration.ofSeconds(3), seed - 1, new SoakClient.Tally());
            settle(server);
            Snapshot start = Snapshot.take();
            log.reset();
            long bodiesAtStart = app.bodiesOpened.get();
            report("soak: %.1f min, %d clients, seed %d, start %s", minutes, clients, seed, start);

            SoakClient.Tally tally = new SoakClient.Tally();
            long t0 = System.nanoTime();
            run(server, clients, Duration.ofMillis((long) (minutes * 60_000)), seed, tally);
            double seconds = (System.nanoTime() - t0) / 1e9;
            settle(server);
            Snapshot end = Snapshot.take();

            report("requests %d, aborts %d, errors %d in %.0f s: %.0f requests/s", tally.requests.get(),
                    tally.aborts.get(), tally.errors.get(), seconds, tally.requests.get() / seconds);
            report("end %s", end);
            report("bodies opened %d, closed %d, closed twice %d", app.bodiesOpened.get() - bodiesAtStart,
                    app.bodiesClosed.get() - bodiesAtStart, app.doubleCloses.get());
            report("server log records (digits as #):%n%s", log.summary());
            tally.firstErrors.forEach(e -> report("error: %s", e));

            assertThat(tally.errors).as("errors on requests not aborted").hasValue(0);
            assertThat(log.errors()).as("server log records at ERROR").isZero();
            assertThat(tally.requests.get()).as("requests served").isPositive();
            assertThat(app.doubleCloses).as("bodies closed twice").hasValue(0);
            assertThat(app.bodiesClosed).as("every body closed").hasValue(app.bodiesOpened.get());
            assertThat(end.fds).as("file descriptors back to baseline").isLessThanOrEqualTo(start.fds);
            assertThat(end.threads).as("threads back to baseline").isLessThanOrEqualTo(start.threads);
            assertThat(end.heap).as("used heap after GC flat").isLessThanOrEqualTo(start.heap + HEAP_SLACK);
        } finally {
            log.uninstall();
        }
    }

    /** Runs {@code clients} soak clients for {@code duration}, printing used heap each minute. */
    private static void run(WsgiServer server, int clients, Duration duration, long seed, SoakClient.Tally tally)
            throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(new SoakClient(server.port(), deadline, seed + i, tally), "soak-client-" + i);
            t.start();
            threads.add(t);
        }
        long nextReport = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        for (Thread t : threads) {
            while (t.isAlive()) {
                t.join(1000);
                if (System.nanoTime() - nextReport > 0 && System.nanoTime() - deadline < 0) {
                    nextReport += TimeUnit.MINUTES.toNanos(1);
                    report("  %d requests, %d aborts, %d errors; used heap after GC %d MiB", tally.requests.get(),
                            tally.aborts.get(), tally.errors.get(), Snapshot.heapAfterGc() / MIB);
                }
            }
        }
    }

    /** Waits (with a deadline) until no connection is open and every connection thread has ended. */
    private static void settle(WsgiServer server) {
        await(Duration.ofSeconds(30), () -> server.openConnections() == 0 && Thread.getAllStackTraces().keySet()
                .stream().noneMatch(t -> t.getName().startsWith("jwsgi-conn-")));
    }

    private static void await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            Thread.yield();
        }
    }

    private static void report(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    /** What must come back to baseline. */
    record Snapshot(long fds, int threads, long heap) {
        static Snapshot take() {
            return new Snapshot(countFds(), countThreads(), heapAfterGc());
        }

        static long countFds() {
            try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
                return s.count();
            } catch (java.io.IOException e) {
                return -1; // not Linux: the check passes vacuously, and the report shows -1
            }
        }

        static int countThreads() {
            return ManagementFactory.getThreadMXBean().getThreadCount();
        }

        static long heapAfterGc() {
            System.gc();
            System.gc(); // the second collects what the first only made unreachable (finalizers, references)
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "fds %d, threads %d, used heap after GC %.1f MiB", fds, threads,
                    heap / (double) MIB);
        }
    }
}
