package org.jwsgi.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * nginx serving one file as {@code /file}, the reference for a large download: one worker,
 * {@code sendfile on}, no access log, in the foreground, with a configuration and prefix of its
 * own in a scratch directory (nothing of the system's nginx set-up is used or touched).
 *
 * <pre>{@code
 * Optional<Path> nginx = NginxServer.find();
 * try (NginxServer server = NginxServer.start(nginx.orElseThrow(), scratchDir, bigFile)) {
 *     int port = server.port();   // GET /file
 * }
 * }</pre>
 */
final class NginxServer implements AutoCloseable {

    private static final List<Path> USUAL_PLACES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/local/sbin/nginx"),
            Path.of("/usr/local/nginx/sbin/nginx"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Thread reaper;

    private NginxServer(Process process, int port) {
        this.process = process;
        this.port = port;
        this.reaper = Reaper.register(process);
    }

    /** The nginx executable on the PATH or in its usual places, if installed. */
    static Optional<Path> find() {
        return Bench.onPath("nginx", null).or(() -> USUAL_PLACES.stream()
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst());
    }

    /**
     * Starts {@code nginx} on a free port with the harness's configuration ({@link NginxConfig}, which
     * also serves {@code file} as {@code /file}) written to {@code dir}, and waits until it accepts
     * connections. {@code file} must be readable by nginx's worker user (nobody, when
     * started as root).
     *
     * @throws IOException if it exits or does not listen within 10 s; the message holds its error log
     */
    static NginxServer start(Path nginx, Path dir, Path file) throws IOException {
        int port = Servers.freePort();
        Path conf = NginxConfig.write(dir, port, 64, file);
        // the configuration logs errors to stderr: with stdout, into one file read if it fails
        Path errors = dir.resolve("nginx.log");
        Process process = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", conf.toString(),
                "-e", "stderr")
                .redirectErrorStream(true)
                .redirectOutput(errors.toFile())
                .start();
        NginxServer server = new NginxServer(process, port);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                String log = Files.exists(errors) ? Files.readString(errors) : "";
                throw new IOException("nginx did not listen on port " + port + " within " + START_TIMEOUT.toSeconds()
                        + " s: " + log.strip());
            }
            sleep(Duration.ofMillis(50));
        }
        return server;
    }

    int port() {
        return port;
    }

    /** Stops it (SIGTERM: nginx's fast shutdown), or kills it after 15 s. */
    @Override
    public void close() {
        Reaper.stop(process, reaper);
    }

    /** A port free now on 127.0.0.1 (another process could take it before nginx binds it: unlikely, and fails loudly). */
    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for nginx", e);
        }
    }
}
