package org.jwsgi.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jwsgi.Application;

class ServerEndpointsTest {

    private static final Application METRICS = (environ, startResponse) -> List.of();

    @Test
    void matchesTheExactRawPathOnly() {
        Health health = new Health();
        ServerEndpoints endpoints = health.endpoints("/healthz", false)
                .with(new ServerEndpoints.Endpoint("/metrics", METRICS, true));
        assertThat(endpoints.match("/healthz").app()).isSameAs(health.app());
        assertThat(endpoints.match("/metrics").app()).isSameAs(METRICS);
        assertThat(endpoints.match("/healthz/")).isNull();
        assertThat(endpoints.match("/health%7A")).as("as sent, not decoded").isNull();
        assertThat(endpoints.match("/")).isNull();
        assertThat(endpoints.match(null)).isNull();
        assertThat(endpoints.logged("/healthz")).isFalse();
        assertThat(endpoints.logged("/metrics")).isTrue();
        assertThat(endpoints.logged("/app")).isTrue();
    }

    @Test
    void noHealthPathMeansNoEndpoint() {
        assertThat(new Health().endpoints("", false)).isSameAs(ServerEndpoints.NONE);
        assertThat(ServerEndpoints.NONE.isEmpty()).isTrue();
    }

    @Test
    void refusesTwoEndpointsOnOnePathAndARelativePath() {
        ServerEndpoints one = new Health().endpoints("/healthz", false);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> one.with(new ServerEndpoints.Endpoint("/healthz", METRICS, true)))
                .withMessageContaining("\"/healthz\"");
        assertThatIllegalArgumentException().isThrownBy(() -> new ServerEndpoints.Endpoint("metrics", METRICS, true))
                .withMessageContaining("\"metrics\"");
    }

    @Test
    void healthServesUntilTheFirstStopAndOnlyTheFirstWaitsForTheDrainDelay() {
        Health health = new Health();
        assertThat(health.serving()).isTrue();
        assertThat(health.beginStop(Duration.ZERO)).isTrue();
        assertThat(health.serving()).isFalse();
        long t0 = System.nanoTime();
        assertThat(health.beginStop(Duration.ofHours(1))).as("a second stop does not wait").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
}
