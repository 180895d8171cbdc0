package org.jwsgi.bench;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A measured server running as a child process: started, timed to its first {@code 200} on
 * {@code /hello}, its RSS read, and stopped with SIGTERM.
 *
 * <pre>{@code
 * try (ServerProcess server = ServerProcess.start(launch, Path.of("builtin.log"), Duration.ofSeconds(60))) {
 *     server.port();          // from its "READY <port>" line, or the port the launch chose
 *     server.startupMillis(); // spawn to the first 200 on /hello
 *     server.rssBytes();      // VmRSS of the process and its children (nginx's worker)
 * } // SIGTERM, then SIGKILL after STOP_GRACE
 * }</pre>
 *
 * <p>Everything the child prints (stdout and stderr) goes to the log file, whose last lines
 * become the reason when it fails to start.
 */
final class ServerProcess implements AutoCloseable {

    /** How long a server has to exit after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** The wait between two probes of {@code /hello} while a server starts. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(5);
    /** How long one probe may wait for an answer. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final int LOG_TAIL_LINES = 3;

    /**
     * How to start one server.
     *
     * @param command the child's command line
     * @param port the port it will listen on, or empty if it prints {@code READY <port>} on stdout
     */
    record Launch(List<String> command, OptionalInt port) {

        Launch {
            command = List.copyOf(command);
        }
    }

    private final Process process;
    private final int port;
    private final double startupMillis;

    private ServerProcess(Process process, int port, double startupMillis) {
        this.process = process;
        this.port = port;
        this.startupMillis = startupMillis;
    }

    /**
     * Spawns the server and returns once it answered {@code 200} on {@code /hello}.
     *
     * @param log where the child's output goes
     * @param deadline how long it may take from spawn to the first 200
     * @throws MeasurementFailed if it exits, stays silent or never answers 200 within {@code deadline};
     *     the child is stopped first
     */
    static ServerProcess start(Launch launch, Path log, Duration deadline)
            throws MeasurementFailed, IOException, InterruptedException {
        long spawned = System.nanoTime();
        long end = spawned + deadline.toNanos();
        Process process = new ProcessBuilder(launch.command()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start(); // a new file, made before start() returns
        Output output = watchOutput(process, log);
        try {
            int port = launch.port().isPresent() ? launch.port().getAsInt() : awaitReady(process, output, log, end);
            awaitHello(process, output, port, log, end);
            return new ServerProcess(process, port, (System.nanoTime() - spawned) / 1e6);
        } catch (MeasurementFailed | InterruptedException | RuntimeException e) {
            stop(process);
            throw e;
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** From spawn to the first {@code 200} on {@code /hello}, in milliseconds. */
    double startupMillis() {
        return startupMillis;
    }

    /** Whether the process still runs (a server may die while measured). */
    boolean alive() {
        return process.isAlive();
    }

    /** Its exit code, once it is no longer {@link #alive()}. */
    int exitValue() {
        return process.exitValue();
    }

    /**
     * The resident set of the process and all its descendants (VmRSS in {@code /proc/<pid>/status};
     * shared pages are counted once per process), or empty where {@code /proc} is not there.
     */
    OptionalLong rssBytes() {
        long total = 0;
        for (ProcessHandle p : Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList()) {
            OptionalLong rss = vmRss(p.pid());
            if (rss.isEmpty()) {
                return OptionalLong.empty();
            }
            total += rss.getAsLong();
        }
        return OptionalLong.of(total);
    }

    /** Stops the server: SIGTERM, then SIGKILL (to it and any descendant left) after {@link #STOP_GRACE}. */
    @Override
    public void close() throws InterruptedException {
        stop(process);
    }

    /** VmRSS, in bytes, parsed from the text of a {@code /proc/<pid>/status} file. */
    static OptionalLong parseVmRss(String status) {
        return status.lines()
                .filter(l -> l.startsWith("VmRSS:"))
                .map(l -> l.substring("VmRSS:".length()).strip())
                .filter(v -> v.endsWith(" kB"))
                .mapToLong(v -> Long.parseLong(v.substring(0, v.length() - 3).strip()) * 1024)
                .findFirst();
    }

    private static OptionalLong vmRss(long pid) {
        try {
            return parseVmRss(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            return OptionalLong.empty(); // no /proc, or the process is gone
        }
    }

    private static void stop(Process process) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            System.err.println("bench: pid " + process.pid() + " still running " + STOP_GRACE.toSeconds()
                    + " s after SIGTERM; killing it");
            process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * The child's output as it is copied to the log.
     *
     * @param ready the port of its first "READY" line; fails if the output ends without one
     * @param drained completes when the output ended and the log holds all of it
     */
    private record Output(CompletableFuture<Integer> ready, CompletableFuture<Void> drained) {
    }

    /**
     * Watches {@code log}, where the child writes its output (stdout and stderr, as a server's
     * stderr goes to a file in production): a daemon thread reads the file as it grows, every
     * millisecond, until the READY line. Nothing copies the output through this process: a server
     * with its access log on writes a line per request, and a copier that read, decoded and
     * flushed each one took CPU from the server it measured (on 2 cores it cut {@code builtin-log}
     * to 0.73-0.79 of {@code builtin} on Java 25, where the server writing to a file alone loses 3 %).
     */
    private static Output watchOutput(Process process, Path log) {
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        process.onExit().thenRun(() -> drained.complete(null)); // the file then holds all it wrote
        Thread watcher = new Thread(() -> {
            try (InputStream in = Files.newInputStream(log)) {
                byte[] buf = new byte[8192];
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                while (!ready.isDone()) {
                    boolean exited = !process.isAlive(); // before the read: what it wrote before exiting is read
                    int n = in.read(buf);
                    if (n > 0) {
                        readyLine(buf, n, line, ready);
                    } else if (exited) {
                        ready.completeExceptionally(new EOFException("closed its output before READY"));
                    } else {
                        Thread.sleep(1);
                    }
                }
            } catch (IOException | InterruptedException e) {
                ready.completeExceptionally(e);
            }
        }, "bench-output-" + process.pid());
        watcher.setDaemon(true);
        watcher.start();
        return new Output(ready, drained);
    }

    /** Feeds {@code n} bytes of output to {@code line}; completes {@code ready} at the READY line. */
    private static void readyLine(byte[] buf, int n, ByteArrayOutputStream line, CompletableFuture<Integer> ready) {
        for (int i = 0; i < n && !ready.isDone(); i++) {
            if (buf[i] != '\n') {
                line.write(buf[i]);
                continue;
            }
            try {
                Serve.readyPort(line.toString(StandardCharsets.UTF_8).stripTrailing()).ifPresent(ready::complete);
            } catch (NumberFormatException e) {
                ready.completeExceptionally(e);
            }
            line.reset();
        }
    }

    private static int awaitReady(Process process, Output output, Path log, long end)
            throws MeasurementFailed, InterruptedException {
        try {
            return output.ready().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new MeasurementFailed("no READY line within the start-up deadline" + tail(log));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EOFException) {
                throw new MeasurementFailed(exitReason(process, output) + " before READY" + tail(log));
            }
            throw new MeasurementFailed("unreadable output: " + e.getCause());
        }
    }

    private static void awaitHello(Process process, Output output, int port, Path log, long end)
            throws MeasurementFailed, InterruptedException {
        String last = "nothing tried";
        while (true) {
            try {
                int status = HttpProbe.status(port, App.HELLO.path(), PROBE_TIMEOUT);
                if (status == 200) {
                    return;
                }
                last = "status " + status;
            } catch (IOException e) {
                last = e.getMessage();
            }
            if (process.waitFor(POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new MeasurementFailed(exitReason(process, output) + " before answering /hello" + tail(log));
            }
            if (System.nanoTime() - end > 0) {
                throw new MeasurementFailed("no 200 on /hello within the start-up deadline (last: " + last + ")");
            }
        }
    }

    /** Why a child stopped talking; waits a little for its exit and for the log to hold its last words. */
    private static String exitReason(Process process, Output output) throws InterruptedException {
        try {
            output.drained().get(1, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // the log tail may then miss a line: the reason is still right
        }
        return process.waitFor(1, TimeUnit.SECONDS) ? "exited with code " + process.exitValue() : "closed its output";
    }

    /** ": " and the last few non-blank lines of the log, joined with " / ", or "" if none. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .map(String::strip).filter(l -> !l.isEmpty()).toList();
            return lines.isEmpty() ? ""
                    : ": " + String.join(" / ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
