package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.jwsgi.server.WsgiServer;

class IdleClientsTest {

    private static final long FIVE_SECONDS = TimeUnit.SECONDS.toNanos(5);

    @Test
    void holdsAnsweredConnectionsOpenAndTheyAnswerAgain() throws IOException {
        try (WsgiServer server = LocalServer.start(null, Duration.ofSeconds(20));
                IdleClients idle = new IdleClients(server.port())) {
            IdleClients.Tally opened = idle.open(50, 8, System.nanoTime() + FIVE_SECONDS);

            assertThat(opened).isEqualTo(new IdleClients.Tally(50, 0, 0, 0, null));
            assertThat(server.openConnections()).isEqualTo(50);
            assertThat(idle.requestAgain(8, System.nanoTime() + FIVE_SECONDS).idle()).isEqualTo(50);
        }
    }

    @Test
    void noticesConnectionsTheServerClosesWhileIdle() throws IOException, InterruptedException {
        try (WsgiServer server = LocalServer.start(null, Duration.ofMillis(100));
                IdleClients idle = new IdleClients(server.port())) {
            idle.open(10, 10, System.nanoTime() + FIVE_SECONDS);

            long deadline = System.nanoTime() + FIVE_SECONDS;
            IdleClients.Tally t = idle.poll();
            while (t.closedByServer() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                t = idle.poll();
            }

            assertThat(t.closedByServer()).isEqualTo(10);
            assertThat(idle.requestAgain(10, System.nanoTime() + FIVE_SECONDS).idle()).isZero();
        }
    }

    @Test
    void countsRefusedConnectionsAsFailed() throws IOException {
        int nobodyListens = Servers.freePort();
        try (IdleClients idle = new IdleClients(nobodyListens)) {
            IdleClients.Tally t = idle.open(5, 2, System.nanoTime() + FIVE_SECONDS);

            assertThat(t.failed()).isEqualTo(5);
            assertThat(t.firstFailure()).contains("Connection refused");
        }
    }

    @Test
    void describesWhatBecameOfTheConnections() {
        assertThat(IdleConnections.count(new IdleClients.Tally(10_000, 0, 0, 0, null), 10_000))
                .isEqualTo("10,000 / 10,000");
        assertThat(IdleConnections.count(new IdleClients.Tally(8_192, 8, 0, 1_800, null), 10_000))
                .isEqualTo("8,192 / 10,000 (8 closed by server, 1,800 unanswered)");
    }
}
