package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Children made of {@code sh}: one that prints READY for a port this test answers 200 on,
 * one that dies, one that stays silent. No JVM is spawned, so this stays fast.
 */
class ServerProcessTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private ServerSocket hello;

    @BeforeEach
    void answer200OnEveryConnection() throws IOException {
        hello = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        Thread t = new Thread(() -> {
            while (!hello.isClosed()) {
                try (Socket s = hello.accept()) {
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // closed by the test's end, or a probe gone
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void close() throws IOException {
        hello.close();
    }

    private static ServerProcess.Launch sh(String script, OptionalInt port) {
        return new ServerProcess.Launch(List.of("sh", "-c", script), port);
    }

    @Test
    void readsThePortFromReadyTimesTheStartAndStopsWithSigterm() throws Exception {
        Path log = dir.resolve("child.log");
        long pid;
        try (ServerProcess p = ServerProcess.start(
                sh("echo starting; echo READY " + hello.getLocalPort() + "; exec sleep 60", OptionalInt.empty()), log,
                DEADLINE)) {
            pid = p.pid();
            assertThat(p.port()).isEqualTo(hello.getLocalPort());
            assertThat(p.startupMillis()).isPositive().isLessThan(DEADLINE.toMillis());
            assertThat(p.alive()).isTrue();
            assertThat(p.rssBytes().orElseThrow()).isPositive();
        }
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(Files.readString(log)).startsWith("starting\nREADY ");
    }

    @Test
    void aKnownPortNeedsNoReadyLine() throws Exception {
        try (ServerProcess p = ServerProcess.start(sh("exec sleep 60", OptionalInt.of(hello.getLocalPort())),
                dir.resolve("nginx.log"), DEADLINE)) {
            assertThat(p.port()).isEqualTo(hello.getLocalPort());
        }
    }

    @Test
    void aChildThatExitsIsAFailureQuotingItsLastWords() {
        assertThatThrownBy(() -> ServerProcess.start(
                sh("echo one; echo two >&2; echo 'bind: Address already in use' >&2; exit 3", OptionalInt.empty()),
                dir.resolve("dead.log"), DEADLINE))
                .isInstanceOf(MeasurementFailed.class)
                .hasMessage("exited with code 3 before READY: one / two / bind: Address already in use");
    }

    @Test
    void aSilentChildFailsAtTheDeadlineAndIsStopped() {
        long before = ProcessHandle.current().descendants().count();

        assertThatThrownBy(() -> ServerProcess.start(sh("exec sleep 60", OptionalInt.empty()),
                dir.resolve("silent.log"), Duration.ofMillis(300)))
                .isInstanceOf(MeasurementFailed.class)
                .hasMessage("no READY line within the start-up deadline");
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count()).isEqualTo(before);
    }

    @Test
    void aChildThatNeverAnswers200FailsNamingTheLastProblem() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            closedPort = s.getLocalPort();
        }

        assertThatThrownBy(() -> ServerProcess.start(sh("exec sleep 60", OptionalInt.of(closedPort)),
                dir.resolve("deaf.log"), Duration.ofMillis(300)))
                .isInstanceOf(MeasurementFailed.class)
                .hasMessageStartingWith("no 200 on /hello within the start-up deadline (last: ")
                .hasMessageContaining("Connection refused");
    }

    @Test
    void readsVmRssInBytes() {
        String status = """
                Name:\tjava
                VmPeak:\t 4000000 kB
                VmRSS:\t  123456 kB
                Threads:\t30
                """;

        assertThat(ServerProcess.parseVmRss(status)).hasValue(123456L * 1024);
        assertThat(ServerProcess.parseVmRss("Name:\tzombie\n")).isEqualTo(OptionalLong.empty());
    }
}
