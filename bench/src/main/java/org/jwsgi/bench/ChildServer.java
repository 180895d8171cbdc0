package org.jwsgi.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One measured server in a JVM of its own: {@link Serve} started as a child process on a port the
 * OS chooses, so that its memory ({@code /proc/PID/status}) is the server's alone. Its stderr goes
 * to a log file, shown when it fails to start.
 *
 * <pre>{@code
 * try (ChildServer child = ChildServer.start(ChildServer.currentJava(), List.of("-Xmx64m"), "builtin", List.of())) {
 *     int port = child.port();
 *     long rssKib = child.rssKib();
 * }
 * }</pre>
 */
final class ChildServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SETTLE_INTERVAL = Duration.ofMillis(100);
    private static final int SETTLE_SAMPLES = 10;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread reaper;

    private ChildServer(Process process, int port, Path log, Thread reaper) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.reaper = reaper;
    }

    /** The {@code java} launcher of this JVM. */
    static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The Java version of the JDK or JRE a {@code java} launcher belongs to, from its
     * {@code release} file ({@code "25.0.3"}); {@code "?"} if it has none.
     */
    static String javaVersion(String java) {
        try {
            Path release = Path.of(java).toRealPath().getParent().getParent().resolve("release");
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return line.substring("JAVA_VERSION=".length()).replace("\"", "");
                }
            }
        } catch (IOException | RuntimeException e) {
            // no release file: say so in the table rather than fail the run
        }
        return "?";
    }

    /**
     * Starts {@code Serve server --port 0 serveArgs...} with {@code java} and {@code jvmOptions}, on
     * this JVM's class path, and waits for its {@code READY} line.
     *
     * @throws IOException if it exits or stays silent for 30 s; the message holds its log's tail
     */
    static ChildServer start(String java, List<String> jvmOptions, String server, List<String> serveArgs)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Serve.class.getName(), server,
                "--port", "0"));
        command.addAll(serveArgs);
        Path log = Files.createTempFile("jwsgi-child-" + server + "-", ".log");
        Process process = new ProcessBuilder(command)
                .redirectError(log.toFile())
                .start();
        Thread reaper = Reaper.register(process);
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readStdout(process, ready), "child-stdout-" + server);
        reader.setDaemon(true);
        reader.start();
        try {
            int port = ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new ChildServer(process, port, log, reaper);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(process, reaper, log, "interrupted while starting " + server);
        } catch (ExecutionException | TimeoutException e) {
            throw failed(process, reaper, log, server + " did not print READY within " + START_TIMEOUT.toSeconds()
                    + " s (" + String.join(" ", command.subList(command.indexOf("-cp") + 2, command.size())) + ")");
        }
    }

    /** Completes {@code ready} with the port of the READY line, then drains the rest. */
    private static void readStdout(Process process, CompletableFuture<Integer> ready) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (!ready.isDone()) {
                    Serve.readyPort(line).ifPresent(ready::complete);
                }
            }
        } catch (IOException | RuntimeException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException("stdout closed before READY"));
    }

    private static IOException failed(Process process, Thread reaper, Path log, String problem) {
        Reaper.stop(process, reaper);
        String tail = logTail(log);
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file left behind is no reason to hide why the server did not start
        }
        return new IOException(problem + "\n" + tail);
    }

    /** The last 20 lines of what the server wrote to stderr. */
    String logTail() {
        return logTail(log);
    }

    private static String logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** {@code "running"}, or how it ended ({@code "exited with status 137"}). */
    String state() {
        return process.isAlive() ? "running" : "exited with status " + process.exitValue();
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Its resident memory now, in KiB. */
    long rssKib() {
        return Proc.statusKib(pid(), "VmRSS");
    }

    /** Its peak resident memory since it started, in KiB. */
    long peakRssKib() {
        return Proc.statusKib(pid(), "VmHWM");
    }

    /** A resident size that has stopped moving, or the last one seen if it never did. */
    record Rss(long kib, boolean settled) {
    }

    /**
     * Its resident memory once it has settled: sampled every 100 ms until the last second of
     * samples spans at most {@link #steady steady}'s margin, for at most 10 s.
     */
    Rss settledRss() throws InterruptedException {
        long[] window = new long[SETTLE_SAMPLES];
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        for (int i = 0; ; i++) {
            window[i % window.length] = rssKib();
            if (i >= window.length - 1 && steady(window)) {
                return new Rss(window[i % window.length], true);
            }
            if (System.nanoTime() > deadline) {
                return new Rss(window[i % window.length], false);
            }
            Thread.sleep(SETTLE_INTERVAL.toMillis());
        }
    }

    /** Whether samples span at most 256 KiB or 0.5 % of the largest, whichever is more. */
    static boolean steady(long[] samples) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : samples) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        return max - min <= Math.max(256, max / 200);
    }

    /** Stops it with SIGTERM (a graceful stop), or kills it after 15 s. */
    @Override
    public void close() throws IOException {
        Reaper.stop(process, reaper);
        Files.deleteIfExists(log);
    }
}
