package org.jwsgi.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "nginx"));
        return Stream.concat(onPath, USUAL_PLACES.stream()).filter(Files::isExecutable).findFirst();
    }

    /** The configuration: {@code file} as {@code /file} on {@code 127.0.0.1:port}, state kept in {@code dir}. */
    static String config(int port, Path dir, Path file) {
        return """
                daemon off;
                master_process on;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events {
                    worker_connections 1024;
                }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen 127.0.0.1:%2$d;
                        location = /file {
                            default_type application/octet-stream;
                            alias %3$s;
                        }
                    }
                }
                """.formatted(dir.toAbsolutePath(), port, file.toAbsolutePath());
    }

    /**
     * Starts {@code nginx} on a free port with {@link #config} written to {@code dir}, and waits until
     * it accepts connections. {@code file} must be readable by nginx's worker user (nobody, when
     * started as root).
     *
     * @throws IOException if it exits or does not listen within 10 s; the message holds its error log
     */
    static NginxServer start(Path nginx, Path dir, Path file) throws IOException {
        int port = freePort();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config(port, dir, file));
        Path errors = dir.resolve("error.log");
        Process process = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", conf.toString(),
                "-e", errors.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
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
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

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
