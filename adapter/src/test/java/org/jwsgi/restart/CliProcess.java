package org.jwsgi.restart;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code java -jar jwsgi-cli.jar ...} instance, as an operator runs it: started with its
 * output in files, ready once it prints its {@code jwsgi: serving ... on http://HOST:PORT/} line,
 * stopped with SIGTERM. It is either this JVM's child or a child of the {@link SocketHolder}.
 *
 * <pre>{@code
 * CliProcess app = CliProcess.start(dir, "a", "--server", "jetty", "--port", "0", "demo");
 * int port = app.awaitServing();
 * assertThat(app.stop()).isEqualTo(143);
 * }</pre>
 */
final class CliProcess {

    private static final Pattern SERVING = Pattern.compile("jwsgi: serving \\S+ on http://[^/]*:(\\d+)/");
    /** A JVM, Jetty or Tomcat start on this 2-core machine while the load and nginx run takes a few seconds. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Process process; // null when the holder started it
    private final ProcessHandle handle;
    private final Path out;
    private final Path err;
    private final SocketHolder holder;

    private CliProcess(String name, Process process, ProcessHandle handle, Path out, Path err, SocketHolder holder) {
        this.name = name;
        this.process = process;
        this.handle = handle;
        this.out = out;
        this.err = err;
        this.holder = holder;
    }

    /** The packaged CLI (failsafe passes its path). */
    static Path jar() {
        Path jar = Path.of(System.getProperty("jwsgi.cli.jar", "target/jwsgi-cli.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": run mvn verify (the ITs use the packaged jwsgi-cli.jar)");
        }
        return jar;
    }

    /**
     * The command line: this JVM's java, settings for a quick start on a small machine (the servers'
     * stop is what is measured, not their speed), the jar and {@code args}.
     */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx128m", "-jar", jar().toString()));
        command.addAll(args);
        return command;
    }

    /** Starts an instance as this JVM's child; its output goes to {@code dir/name.out} and {@code .err}. */
    static CliProcess start(Path dir, String name, List<String> args) throws IOException {
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(command(args))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        return new CliProcess(name, p, p.toHandle(), out, err, null);
    }

    /** An instance the {@link SocketHolder} started with its socket as standard input. */
    static CliProcess adopted(String name, long pid, Path out, Path err, SocketHolder holder) {
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + ": pid " + pid + " gone"));
        return new CliProcess(name, null, h, out, err, holder);
    }

    /** Waits for the serving line and returns the port it names. */
    int awaitServing() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            String text = Files.exists(out) ? Files.readString(out, StandardCharsets.US_ASCII) : "";
            Matcher m = SERVING.matcher(text);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!handle.isAlive()) {
                throw new IllegalStateException(name + " exited before serving: " + text + log());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(name + " not serving within " + START_TIMEOUT.toSeconds() + " s" + log());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // polling the output file
        }
    }

    /** Sends SIGTERM and waits for the exit; returns the exit status. */
    int stop() throws IOException, InterruptedException {
        if (holder != null) {
            return holder.stop(handle.pid());
        }
        process.destroy(); // SIGTERM
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not exit within " + START_TIMEOUT.toSeconds() + " s of SIGTERM" + log());
        }
        return process.exitValue();
    }

    /** Kills it if still running (after a failed test). */
    void kill() {
        handle.destroyForcibly();
    }

    long pid() {
        return handle.pid();
    }

    /** The name it was started under (the ITs also make it its Server header). */
    String name() {
        return name;
    }

    /** Its standard error so far, for a failure message. */
    String log() {
        try {
            return "\n--- " + name + " stderr:\n" + (Files.exists(err) ? Files.readString(err, StandardCharsets.UTF_8) : "");
        } catch (IOException e) {
            return "\n(no stderr: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + handle.pid() + ")";
    }
}
