package org.jwsgi.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The measured servers and how to start each: the Java ones through {@link Serve} in a child
 * JVM, nginx from a generated {@link NginxConfig}.
 *
 * <pre>{@code
 * Servers servers = new Servers(Path.of("/usr/bin/java"), Path.of("bench/target/jwsgi-bench.jar"),
 *         Optional.of(Path.of("/usr/sbin/nginx")), 64);
 * ServerProcess.Launch launch = servers.launch("builtin", workDir);
 * // [/usr/bin/java, -cp, bench/target/jwsgi-bench.jar, org.jwsgi.bench.Serve, builtin, --port, 0]
 * }</pre>
 */
final class Servers {

    static final String NGINX = "nginx";
    /** The servers that run a WSGI app through jwsgi; the others are the references. */
    static final List<String> WSGI = List.of("builtin", "builtin-log", "jetty-bridge", "tomcat-bridge");

    private final Path java;
    private final Path classPath;
    private final Optional<Path> nginx;
    private final int connections;

    /**
     * @param java the JVM every Java server runs on
     * @param classPath the harness's jar, which holds {@link Serve} and every server
     * @param nginx nginx's executable, if installed
     * @param connections how many connections wrk opens (nginx is configured to accept them)
     */
    Servers(Path java, Path classPath, Optional<Path> nginx, int connections) {
        this.java = java;
        this.classPath = classPath;
        this.nginx = nginx;
        this.connections = connections;
    }

    /** Every server name, in table order: {@link Serve#SERVERS}, then nginx. */
    static List<String> known() {
        List<String> all = new ArrayList<>(Serve.SERVERS);
        all.add(NGINX);
        return List.copyOf(all);
    }

    /**
     * How to start {@code server}; for nginx, writes its configuration into {@code dir}.
     *
     * @throws IllegalArgumentException if the server is unknown, or nginx is not installed
     */
    ServerProcess.Launch launch(String server, Path dir) throws IOException {
        if (server.equals(NGINX)) {
            Path executable = nginx.orElseThrow(() -> new IllegalArgumentException("nginx is not installed"));
            int port = freePort();
            Path conf = NginxConfig.write(dir, port, connections);
            return new ServerProcess.Launch(List.of(executable.toString(), "-p", dir.toAbsolutePath().toString(),
                    "-c", conf.toAbsolutePath().toString(), "-e", "stderr"), OptionalInt.of(port));
        }
        if (!Serve.SERVERS.contains(server)) {
            throw new IllegalArgumentException("unknown server \"" + server + "\"");
        }
        return new ServerProcess.Launch(List.of(java.toString(), "-cp", classPath.toString(),
                Serve.class.getName(), server, "--port", "0"), OptionalInt.empty());
    }

    /**
     * A port free on 127.0.0.1 a moment ago, for nginx, which cannot report the one the OS
     * would choose. Another process may take it before nginx binds it: nginx then exits with
     * "Address already in use", and the row says so.
     */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, HttpProbe.LOOPBACK)) {
            return socket.getLocalPort();
        }
    }
}
