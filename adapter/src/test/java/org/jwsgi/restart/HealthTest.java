package org.jwsgi.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.gateway.Health;
import org.jwsgi.gateway.ServerEndpoints;
import org.jwsgi.options.ServerOptions;

class HealthTest {

    @Test
    void answers200UntilTheStopBeginsThen503() throws Exception {
        Health health = new Health();
        assertThat(health.serving()).isTrue();
        assertThat(call(health, "GET")).isEqualTo("200 OK ok\n");
        health.stopping();
        assertThat(health.serving()).isFalse();
        assertThat(call(health, "GET")).isEqualTo("503 Service Unavailable stopping\n");
        assertThat(call(health, "HEAD")).startsWith("503");
        assertThat(call(health, "POST")).startsWith("405");
    }

    @Test
    void theHealthPathBecomesAnEndpointAndAListenerOfItsOwnPerServer() {
        ServerOptions given = ServerOptions.defaults().withHealthPath("/healthz");
        ServerOptions one = given.withHealthEndpoint();
        ServerOptions two = given.withHealthEndpoint();
        ServerEndpoints.Endpoint e = one.endpoints().find("/healthz");
        assertThat(e).isNotNull();
        assertThat(e.logged()).isFalse();
        assertThat(one.listeners()).hasSize(1).first().isInstanceOf(Health.class);
        assertThat(two.listeners().get(0)).as("each server its own").isNotSameAs(one.listeners().get(0));
        assertThat(given.withLogHealthChecks(true).withHealthEndpoint().endpoints().find("/healthz").logged()).isTrue();
        assertThat(ServerOptions.defaults().withHealthEndpoint()).as("no health path, nothing added")
                .isEqualTo(ServerOptions.defaults());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> given.withEndpoint("/healthz", (env, sr) -> List.of()).withHealthEndpoint())
                .withMessageContaining("/healthz");
    }

    @Test
    void theDrainDelayWaitsAndAnInterruptEndsIt() {
        long t0 = System.nanoTime();
        Health.drain(Duration.ofMillis(50), new CountDownLatch(1));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        Thread.currentThread().interrupt();
        t0 = System.nanoTime();
        Health.drain(Duration.ofHours(1), new CountDownLatch(1));
        assertThat(Thread.interrupted()).as("interrupt status kept").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        CountDownLatch secondStop = new CountDownLatch(1);
        secondStop.countDown();
        t0 = System.nanoTime();
        Health.drain(Duration.ofHours(1), secondStop);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("a second stop cuts it short")
                .isLessThan(Duration.ofSeconds(5));
    }

    private static String call(Health health, String method) throws Exception {
        Map<String, Object> environ = new HashMap<>();
        environ.put(Environ.REQUEST_METHOD, method);
        List<String> status = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (byte[] chunk : health.app().call(environ, (s, headers, exc) -> {
            status.add(s);
            assertThat(headers).contains(new Header("Cache-Control", "no-store"));
            return data -> { };
        })) {
            body.append(new String(chunk, StandardCharsets.US_ASCII));
        }
        return status.get(0) + " " + (method.equals("HEAD") ? "" : body);
    }
}
