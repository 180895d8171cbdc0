package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChildServerTest {

    @Test
    void rssIsSteadyWithinAQuarterMebibyteOrHalfAPercent() {
        assertThat(ChildServer.steady(new long[] {100_000, 100_200, 100_100})).isTrue();
        assertThat(ChildServer.steady(new long[] {400_000, 401_900})).isTrue();
        assertThat(ChildServer.steady(new long[] {100_000, 100_000, 101_000})).isFalse();
    }

    @Test
    void readsTheJavaVersionOfALauncher() {
        assertThat(ChildServer.javaVersion(ChildServer.currentJava()))
                .startsWith(Integer.toString(Runtime.version().feature()));
        assertThat(ChildServer.javaVersion("/no/such/java")).isEqualTo("?");
    }
}
