package org.jwsgi.restart;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.cli.HelloApp;
import org.jwsgi.options.ServerOptions;

/** Health checks are not traffic: out of the access log unless {@code logHealthChecks} asks, on every backend. */
class HealthLogTest {

    private static final ServerOptions OPTIONS = ServerOptions.defaults().withPort(0).withStopGrace(Duration.ofSeconds(5))
            .withAccessLog(true).withHealthPath("/healthz");

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger access = Logger.getLogger("org.jwsgi.access");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            lines.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level level;

    @BeforeEach
    void capture() {
        level = access.getLevel();
        access.addHandler(capture);
        access.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        access.removeHandler(capture);
        access.setLevel(level);
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void healthChecksStayOutOfTheAccessLog(String backend) throws Exception {
        try (RunningServer server = Backend.named(backend).start(new HelloApp(), OPTIONS)) {
            get(server.port(), "/healthz");
            get(server.port(), "/healthz?probe=1");
            get(server.port(), "/app"); // logged after the health checks: once it is there, they would be too
            awaitLine("/app");
        }
        assertThat(lines).noneMatch(l -> l.contains("/healthz"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void healthChecksAreLoggedWhenAsked(String backend) throws Exception {
        try (RunningServer server = Backend.named(backend).start(new HelloApp(), OPTIONS.withLogHealthChecks(true))) {
            get(server.port(), "/healthz");
            awaitLine("\"GET /healthz HTTP/1.1\" 200 3");
        }
    }

    private void awaitLine(String part) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lines.stream().noneMatch(l -> l.contains(part))) { // containers log just after the response
            assertThat(System.nanoTime()).as("no access line with %s in %s", part, lines).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static void get(int port, String target) throws IOException {
        try (Socket s = GracefulStopTest.connect(port)) {
            s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(US_ASCII));
            assertThat(new String(s.getInputStream().readAllBytes(), US_ASCII)).startsWith("HTTP/1.1 200");
        }
    }
}
