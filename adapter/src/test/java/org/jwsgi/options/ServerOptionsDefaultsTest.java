package org.jwsgi.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The defaults that decide how long a slow client may hold a connection: a stalled body is
 * dropped within 30 s, as gunicorn's and Jetty's defaults do (issue 12), and a trickled one too.
 */
class ServerOptionsDefaultsTest {

    @Test
    void aStalledBodyIsDroppedWithinThirtySecondsByDefault() {
        ServerOptions o = ServerOptions.defaults();
        assertThat(o.bodyReadTimeout()).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(o.headerReadTimeout()).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aTrickledBodyIsHeldToAMinimumRateByDefault() {
        assertThat(ServerOptions.defaults().minBodyRate()).isEqualTo(240); // Kestrel's default
        assertThat(ServerOptions.defaults().withMinBodyRate(0).minBodyRate()).isZero(); // 0: no rate
    }

    @Test
    void aNegativeRateIsRefusedNamingIt() {
        assertThatThrownBy(() -> ServerOptions.defaults().withMinBodyRate(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minBodyRate")
                .hasMessageContaining("-1");
    }
}
