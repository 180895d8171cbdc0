package org.jwsgi.python;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jwsgi.testing.ExternalProgram;

/**
 * The same Python app served by CPython: Debian's gunicorn as a child process, on a port it
 * chooses, with src/test/python and Debian's dist-packages on its path. The reference the
 * GraalPy-served app is compared with.
 *
 * <pre>{@code
 * try (Gunicorn g = Gunicorn.start("flask_app:app", "gthread", 1, 4)) { get(g.uri().resolve("/")); }
 * }</pre>
 */
final class Gunicorn implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening at: http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private int port;

    private Gunicorn(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The program, or a loud skip (a failure under JWSGI_REQUIRE) where Debian's gunicorn is missing. */
    static Path program() {
        return ExternalProgram.named("gunicorn").find();
    }

    /**
     * Serves {@code callable} with {@code workers} workers of {@code workerClass} ({@code sync} or
     * {@code gthread}, with {@code threads} threads each); returns once it listens.
     */
    static Gunicorn start(String callable, String workerClass, int workers, int threads) throws IOException {
        Path gunicorn = program();
        Path log = Files.createTempFile("gunicorn", ".log");
        List<String> command = new ArrayList<>(List.of(gunicorn.toString(), "--bind", "127.0.0.1:0",
                "--workers", String.valueOf(workers), "--worker-class", workerClass, "--threads", String.valueOf(threads),
                "--chdir", TestApps.DIR.toString(), "--pythonpath", TestApps.DIR + "," + TestApps.DIST_PACKAGES,
                "--log-level", "info", "--error-logfile", "-", callable));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Gunicorn g = new Gunicorn(p, log);
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        try {
            await("gunicorn listening (" + log + ")").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .failFast("gunicorn exited: see " + log, () -> !p.isAlive())
                    .until(() -> {
                        Matcher m = LISTENING.matcher(Files.readString(log));
                        if (m.find()) {
                            g.port = Integer.parseInt(m.group(1));
                            return true;
                        }
                        return false;
                    });
            await("gunicorn's workers booted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> Files.readString(log).split("Booting worker", -1).length > workers);
        } catch (RuntimeException | Error e) {
            g.close();
            throw e;
        }
        return g;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    int port() {
        return port;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a temporary file left behind
        }
    }
}
