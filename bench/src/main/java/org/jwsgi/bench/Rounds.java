package org.jwsgi.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The measuring itself: for each round, each server in turn is started, timed to its first
 * {@code 200}, and each app it serves gets a warm-up wrk run then a measured one, after which
 * its RSS is read; then it is stopped. Interleaving the rounds spreads a slow spell of the
 * machine over every server instead of one.
 *
 * <pre>{@code
 * List<Measurement> all = new Rounds(options, servers, wrk, outDir, System.err).run();
 * }</pre>
 *
 * <p>A server that fails to start, dies, or that wrk cannot measure gives failed measurements
 * with the reason; the run goes on with the next app or server.
 */
final class Rounds {

    /** How long a server has from spawn to its first {@code 200} on {@code /hello}. */
    static final Duration START_DEADLINE = Duration.ofSeconds(60);
    /** The first app after a server starts warms up this many times {@code --warmup}. */
    static final int FIRST_WARMUP_FACTOR = 3;

    private final BenchOptions options;
    private final Servers servers;
    private final Wrk wrk;
    private final Path out;
    private final PrintStream progress;

    /**
     * @param out the output directory: wrk's reports go to {@code out/wrk}, the servers' output to {@code out/logs}
     * @param progress where a line per step goes while the run lasts
     */
    Rounds(BenchOptions options, Servers servers, Wrk wrk, Path out, PrintStream progress) {
        this.options = options;
        this.servers = servers;
        this.wrk = wrk;
        this.out = out;
        this.progress = progress;
    }

    /** Runs every round and returns what each measured, in order. */
    List<Measurement> run() throws IOException, InterruptedException {
        Files.createDirectories(out.resolve("wrk"));
        Files.createDirectories(out.resolve("logs"));
        List<Measurement> all = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (String server : options.servers()) {
                List<App> apps = options.apps().stream().filter(a -> a.servedBy(server)).toList();
                if (!apps.isEmpty()) {
                    all.addAll(runServer(round, server, apps));
                }
            }
        }
        return all;
    }

    private List<Measurement> runServer(int round, String server, List<App> apps)
            throws IOException, InterruptedException {
        String step = "[round " + round + "/" + options.rounds() + "] " + server;
        Path nginxDir = server.equals(Servers.NGINX) ? Files.createTempDirectory("jwsgi-bench-nginx") : null;
        List<Measurement> measured = new ArrayList<>();
        try (ServerProcess process = ServerProcess.start(servers.launch(server, nginxDir),
                out.resolve("logs").resolve("r" + round + "-" + server + ".log"), START_DEADLINE)) {
            progress.printf(Locale.ROOT, "%s: up in %.0f ms (pid %d, port %d)%n", step, process.startupMillis(),
                    process.pid(), process.port());
            boolean first = true;
            for (App app : apps) {
                Measurement m = measure(round, server, app, process, first);
                first = false;
                progress.println(step + " " + app.label() + ": " + summary(m));
                measured.add(m);
            }
        } catch (MeasurementFailed | IOException e) {
            // both come from the start (an IOException: it could not be spawned, or its log not written),
            // as measure() turns every later problem into a failed measurement: no app was measured yet
            String reason = e instanceof MeasurementFailed ? e.getMessage() : "cannot start: " + e.getMessage();
            progress.println(step + ": FAILED: " + reason);
            for (App app : apps) {
                measured.add(Measurement.failed(round, server, app, Double.NaN, reason));
            }
        } finally {
            if (nginxDir != null) {
                deleteTree(nginxDir);
            }
        }
        return measured;
    }

    /**
     * Warms up, then measures {@code app}. The first app after a start gets {@value #FIRST_WARMUP_FACTOR}
     * times the warm-up: the JIT compiles the server's whole request path then (a servlet
     * container's takes several seconds), and later apps mostly reuse it.
     */
    private Measurement measure(int round, String server, App app, ServerProcess process, boolean first)
            throws InterruptedException {
        String name = "r" + round + "-" + server + "-" + app.label();
        double startup = process.startupMillis();
        try {
            if (!process.alive()) {
                throw new MeasurementFailed("the server had exited with code " + process.exitValue());
            }
            if (options.warmupSeconds() > 0) {
                int warmup = options.warmupSeconds() * (first ? FIRST_WARMUP_FACTOR : 1);
                wrk.run(process.port(), app, warmup, out.resolve("wrk").resolve(name + "-warmup.txt"));
            }
            WrkResult result = wrk.run(process.port(), app, options.durationSeconds(),
                    out.resolve("wrk").resolve(name + ".txt"));
            if (!process.alive()) {
                throw new MeasurementFailed("the server exited with code " + process.exitValue() + " while measured");
            }
            return Measurement.of(round, server, app, startup, result, process.rssBytes());
        } catch (MeasurementFailed e) {
            return Measurement.failed(round, server, app, startup, e.getMessage());
        } catch (IOException e) {
            return Measurement.failed(round, server, app, startup, "wrk: " + e.getMessage());
        }
    }

    private static String summary(Measurement m) {
        if (!m.succeeded()) {
            return "FAILED: " + m.failure();
        }
        WrkResult w = m.wrk();
        return Report.grouped(w.requestsPerSecond()) + " req/s, p99 " + Report.millis(w.p99Millis()) + " ms, "
                + w.errors() + " errors"
                + (m.rssBytes().isPresent() ? ", RSS " + m.rssBytes().getAsLong() / (1024 * 1024) + " MiB" : "");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
