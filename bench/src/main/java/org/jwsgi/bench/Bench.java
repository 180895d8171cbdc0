package org.jwsgi.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark harness, main class of {@code jwsgi-bench.jar}: starts each server in turn on
 * 127.0.0.1, drives it with wrk in interleaved rounds, prints a Markdown table per app and the
 * issue's targets, and keeps CSV, JSON and PNG charts in the output directory.
 *
 * <pre>{@code
 * $ bench/run.sh --servers builtin,jetty-core --apps hello --quick
 * $ JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/run.sh
 * }</pre>
 *
 * <p>Exit codes: 0 when the run completed (failed servers are in the tables), 2 for a bad flag
 * or a missing tool (wrk), 1 when the results cannot be written. docs/benchmarks.md explains the
 * columns and how to read the ratios.
 */
public final class Bench {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private Bench() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("java.awt.headless", "true"); // the charts; before anything touches AWT
        // a harness stopped by SIGTERM or Ctrl-C must not leave its server or wrk running
        Runtime.getRuntime().addShutdownHook(new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the harness; returns the exit code. */
    static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        if (BenchOptions.wantsHelp(args)) {
            out.print(BenchOptions.USAGE);
            return 0;
        }
        ZonedDateTime started = ZonedDateTime.now();
        Optional<Path> nginx = NginxServer.find();
        BenchOptions options;
        Jvm jvm;
        try {
            options = BenchOptions.parse(args, nginx.isPresent(), defaultJava(),
                    Path.of("bench", "results", STAMP.format(started)));
            jvm = Jvm.probe(options.java());
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage() + "\n(--help lists the flags)");
            return 2;
        }
        Optional<Path> wrk = onPath("wrk", null);
        if (wrk.isEmpty()) {
            err.println("bench: wrk is not on PATH: apt-get install wrk");
            return 2;
        }
        if (!options.servers().contains(options.reference())) {
            err.println("bench: the reference " + options.reference() + " is not among --servers: no ratios");
        }
        try {
            Path dir = options.out();
            Files.createDirectories(dir);
            RunInfo info = new RunInfo(started, RunInfo.thisMachine(), jvm, options);
            err.print(info.describe());
            if (RunInfo.busy(RunInfo.loadAverage())) {
                err.println("bench: warning: the machine is busy (load average above half its CPUs): "
                        + "the figures will be noisy, even their ratios");
            }
            int connections = options.apps().stream().mapToInt(a -> a.connections(options.connections())).max()
                    .orElse(options.connections());
            Servers servers = new Servers(options.java(), ownJar(), nginx, connections);
            Wrk runner = new Wrk(wrk.get(), options.threads(), options.connections(), dir.resolve("upload.lua"));
            List<Measurement> measurements = new Rounds(options, servers, runner, dir, err).run();
            Summary summary = Summary.of(options.servers(), options.apps(), options.reference(), measurements);
            List<Targets.Check> checks = Targets.check(summary, jvm.feature());
            String report = Report.render(info, summary, checks);
            out.print(report);
            out.flush();
            for (String problem : ResultFiles.write(dir, info, summary, checks, measurements, report)) {
                err.println("bench: chart not drawn: " + problem);
            }
            err.println("bench: results, charts, wrk reports and server logs in " + dir);
            return 0;
        } catch (IOException e) {
            err.println("bench: " + e);
            return 1;
        }
    }

    /** The JVM running the harness, as the OS reports its command, else {@code java.home}'s. */
    private static Path defaultJava() {
        return ProcessHandle.current().info().command().map(Path::of).orElseGet(Jvm::current);
    }

    /** The jar (or classes directory) this class was loaded from: it holds every server. */
    private static Path ownJar() throws IOException {
        try {
            return Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the harness's own jar", e);
        }
    }

    /** {@code name} in a directory of PATH, else {@code fallback} if executable (may be null). */
    static Optional<Path> onPath(String name, Path fallback) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.ofNullable(fallback).filter(f -> Files.isRegularFile(f) && Files.isExecutable(f));
    }
}
