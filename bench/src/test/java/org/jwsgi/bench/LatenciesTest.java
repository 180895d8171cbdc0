package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void takesTheNearestRankOfUnsortedSamplesWithoutTouchingThem() {
        long[] nanos = LongStream.rangeClosed(1, 1000).map(i -> 1001 - i).toArray(); // 1000 down to 1

        Latencies l = Latencies.of(nanos);

        assertThat(l.p50()).isEqualTo(500);
        assertThat(l.p99()).isEqualTo(990);
        assertThat(l.max()).isEqualTo(1000);
        assertThat(l.count()).isEqualTo(1000);
        assertThat(nanos[0]).isEqualTo(1000);
    }

    @Test
    void p99OfFewSamplesIsTheLargest() {
        assertThat(Latencies.of(new long[] {5, 1, 3}).p99()).isEqualTo(5);
        assertThat(Latencies.of(new long[] {7}).p50()).isEqualTo(7);
    }

    @Test
    void printsMilliseconds() {
        assertThat(Latencies.of(new long[] {1_500_000, 2_000_000}).millis()).isEqualTo("1.50 / 2.00 / 2.00");
    }

    @Test
    void refusesNoSamplesAndPercentilesOutOfRange() {
        assertThatThrownBy(() -> Latencies.of(new long[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Latencies.percentile(new long[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Latencies.percentile(new long[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
    }
}
