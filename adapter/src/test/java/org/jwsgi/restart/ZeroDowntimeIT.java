package org.jwsgi.restart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwsgi.testing.ExternalProgram;

/**
 * Restarts under load lose no request (docs/production.md): the packaged jwsgi-cli.jar, stopped
 * with SIGTERM and started again the three ways an operator does it, while keep-alive clients
 * send GETs and small POSTs that nothing retries. Each way, on each backend, must see every
 * request answered {@code 200} by the application, and every instance serve some of them.
 *
 * <ul>
 *   <li>Behind nginx: three instances in one upstream (keep-alive pool, {@code proxy_next_upstream
 *       error timeout http_502 http_503}, so a POST nginx already sent is never retried), each in
 *       turn stopped and started again on its port.</li>
 *   <li>On one port with {@code --reuse-port}: a new instance binds the port, then the old one stops.</li>
 *   <li>Socket activation: a holder (systemd's part) keeps the listening socket; each instance
 *       serves it as its standard input ({@code --inherit-socket}); the old one stops, then the new
 *       one starts, while connections wait in the socket's backlog.</li>
 * </ul>
 *
 * Each prints its figures (the requests sent and failed) to the test's output. nginx (Debian's
 * {@code nginx-light}) and {@code python3} are found by {@link ExternalProgram}: a scenario whose
 * program is missing is skipped with a message naming the package, and fails instead where
 * {@code JWSGI_REQUIRE}/{@code -Djwsgi.require} asks for it (CI).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ZeroDowntimeIT {

    private static final int CLIENTS = 8;
    /** Between two requests of a client: leaves this 2-core machine the CPU to start JVMs meanwhile. */
    private static final Duration PAUSE = Duration.ofNanos(500_000);
    /** Traffic that must flow before the first restart and after each one. */
    private static final long REQUESTS_BETWEEN_RESTARTS = 1_000;

    private final List<CliProcess> instances = new ArrayList<>();
    private Path dir;

    @AfterEach
    void killLeftovers() {
        instances.forEach(CliProcess::kill);
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void aRollingRestartBehindNginxLosesNoRequest(String backend) throws Exception {
        Path nginx = ExternalProgram.named("nginx").inPackage("nginx-light").find();
        dir = Files.createTempDirectory("jwsgi-rolling-" + backend);
        List<Integer> ports = freePorts(4);
        List<CliProcess> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(launch(backend, "abc".charAt(i) + "0", "--port", ports.get(i).toString()));
        }
        for (CliProcess p : running) {
            p.awaitServing();
        }
        try (Nginx proxy = Nginx.start(nginx, dir.resolve("nginx"), ports.get(3), ports.subList(0, 3));
                LoadClients load = LoadClients.start(new InetSocketAddress("127.0.0.1", ports.get(3)), CLIENTS, PAUSE)) {
            awaitTraffic(load);
            for (int i = 0; i < 3; i++) {
                assertThat(running.get(i).stop()).as("exit status after SIGTERM").isEqualTo(143);
                CliProcess next = launch(backend, "abc".charAt(i) + "1", "--port", ports.get(i).toString());
                next.awaitServing();
                running.set(i, next);
                awaitTraffic(load);
            }
            report("behind nginx", backend, load.stop(), load, proxy.log());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void aRestartOnTheSamePortWithReusePortLosesNoRequest(String backend) throws Exception {
        dir = Files.createTempDirectory("jwsgi-reuseport-" + backend);
        String port = freePorts(1).get(0).toString();
        CliProcess old = launch(backend, "a0", "--port", port, "--reuse-port");
        old.awaitServing();
        try (LoadClients load = LoadClients.start(new InetSocketAddress("127.0.0.1", Integer.parseInt(port)), CLIENTS,
                PAUSE)) {
            awaitTraffic(load);
            for (int i = 1; i <= 2; i++) {
                CliProcess next = launch(backend, "a" + i, "--port", port, "--reuse-port");
                next.awaitServing(); // both listen now; the kernel spreads new connections over the two
                assertThat(old.stop()).as("exit status after SIGTERM").isEqualTo(143);
                old = next;
                awaitTraffic(load);
            }
            report("same port, --reuse-port", backend, load.stop(), load, "");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void aRestartUnderSocketActivationLosesNoRequest(String backend) throws Exception {
        Path python3 = ExternalProgram.named("python3").inPackage("python3").find();
        dir = Files.createTempDirectory("jwsgi-socket-" + backend);
        try (SocketHolder systemd = SocketHolder.start(python3, dir)) {
            CliProcess current = adopt(systemd, backend, "a0");
            current.awaitServing();
            try (LoadClients load = LoadClients.start(new InetSocketAddress("127.0.0.1", systemd.port()), CLIENTS,
                    PAUSE)) {
                awaitTraffic(load);
                for (int i = 1; i <= 2; i++) {
                    // systemctl restart: stop, then start; meanwhile the socket queues the connections
                    assertThat(current.stop()).as("exit status after SIGTERM").isEqualTo(143);
                    current = adopt(systemd, backend, "a" + i);
                    current.awaitServing();
                    awaitTraffic(load);
                }
                report("socket activation", backend, load.stop(), load, "");
            }
        }
    }

    /** Starts an instance named {@code name} (its {@code Server} header) as this JVM's child. */
    private CliProcess launch(String backend, String name, String... args) throws IOException {
        CliProcess p = CliProcess.start(dir, name, arguments(backend, name, args));
        instances.add(p);
        return p;
    }

    private CliProcess adopt(SocketHolder systemd, String backend, String name) throws IOException {
        CliProcess p = systemd.start(name, arguments(backend, name, "--inherit-socket"));
        instances.add(p);
        return p;
    }

    private static List<String> arguments(String backend, String name, String... args) {
        List<String> all = new ArrayList<>(List.of("--server", backend, "--server-software", name,
                "--health-path", "/healthz", "--no-access-log"));
        all.addAll(List.of(args));
        all.add("demo");
        return all;
    }

    /** Waits until {@link #REQUESTS_BETWEEN_RESTARTS} more requests were answered. */
    private static void awaitTraffic(LoadClients load) {
        long target = load.ok() + REQUESTS_BETWEEN_RESTARTS;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (load.ok() < target) {
            assertThat(System.nanoTime() - deadline).as("requests answered: %d, waiting for %d", load.ok(), target)
                    .isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling the clients' count
        }
    }

    private void report(String way, String backend, LoadClients.Tally tally, LoadClients load, String proxyLog) {
        System.out.printf(Locale.ROOT, "%s, %s: %s%n", way, backend, tally);
        StringBuilder logs = new StringBuilder();
        instances.forEach(p -> logs.append(p.log()));
        assertThat(tally.failed())
                .as("%s, %s: %s%nfirst failures:%n%s%s%s", way, backend, tally, String.join("\n", load.firstFailures()),
                        logs, proxyLog)
                .isZero();
        assertThat(tally.gets()).as("GETs sent").isGreaterThan(REQUESTS_BETWEEN_RESTARTS);
        assertThat(tally.posts()).as("POSTs sent").isGreaterThan(REQUESTS_BETWEEN_RESTARTS);
        for (CliProcess p : instances) {
            assertThat(tally.servedBy()).as("requests answered by each instance").containsKey(p.name());
        }
    }

    /** Ports the OS has just handed out (bound to port 0, then released) for the servers to listen on. */
    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
