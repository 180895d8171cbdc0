package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** wrk's reports as Debian's wrk 4.1 printed them (src/test/resources/wrk), read back. */
class WrkResultTest {

    @Test
    void readsThroughputCountAndPercentilesInMilliseconds() throws IOException {
        WrkResult r = WrkResult.parse(sample("latency-ms.txt"));

        assertThat(r.requestsPerSecond()).isEqualTo(5276.59);
        assertThat(r.requests()).isEqualTo(5545);
        assertThat(r.seconds()).isCloseTo(1.05, within(1e-9));
        assertThat(r.p50Millis()).isCloseTo(1.26, within(1e-9));
        assertThat(r.p99Millis()).isCloseTo(164.14, within(1e-9));
        assertThat(r.errors()).isZero();
    }

    @Test
    void convertsMicrosecondsAndSecondsToMilliseconds() throws IOException {
        WrkResult micro = WrkResult.parse(sample("non-2xx.txt"));
        WrkResult seconds = WrkResult.parse(sample("latency-seconds.txt"));

        assertThat(micro.p50Millis()).isCloseTo(0.56, within(1e-9)); // "560.00us"
        assertThat(micro.p99Millis()).isCloseTo(31.76, within(1e-9));
        assertThat(seconds.p50Millis()).isCloseTo(1240, within(1e-9)); // "1.24s " with a trailing space
        assertThat(seconds.requestsPerSecond()).isEqualTo(2.66);
        assertThat(seconds.seconds()).isCloseTo(3.01, within(1e-9));
    }

    @Test
    void withoutLatencyFlagThePercentilesAreNaN() throws IOException {
        WrkResult r = WrkResult.parse(sample("no-latency.txt"));

        assertThat(r.requestsPerSecond()).isEqualTo(28519.74);
        assertThat(r.requests()).isEqualTo(31372);
        assertThat(r.p50Millis()).isNaN();
        assertThat(r.p99Millis()).isNaN();
    }

    @Test
    void countsNon2xxResponsesAsErrors() throws IOException {
        WrkResult r = WrkResult.parse(sample("non-2xx.txt"));

        assertThat(r.non2xx3xx()).isEqualTo(11983);
        assertThat(r.socketErrors()).isEqualTo(WrkResult.SocketErrors.NONE);
        assertThat(r.errors()).isEqualTo(11983);
    }

    @Test
    void countsEverySocketErrorKind() throws IOException {
        WrkResult r = WrkResult.parse(sample("socket-errors.txt"));

        assertThat(r.socketErrors()).isEqualTo(new WrkResult.SocketErrors(0, 4, 126257, 0));
        assertThat(r.errors()).isEqualTo(126261);
        assertThat(r.requestsPerSecond()).isEqualTo(62.74);
    }

    @Test
    void takesTheTotalRateNotThePerThreadOneWithItsMetricSuffix() throws IOException {
        WrkResult r = WrkResult.parse(sample("readme-k-units.txt")); // "Req/Sec 56.20k" per thread

        assertThat(r.requestsPerSecond()).isEqualTo(748868.53);
        assertThat(r.requests()).isEqualTo(22464657);
        assertThat(r.seconds()).isEqualTo(30.0);
    }

    @Test
    void readsMinutesAndMillionsPerThread() {
        // made up: no machine here reaches a million requests a second per wrk thread
        String report = """
                Running 1m test @ http://127.0.0.1:8080/hello
                  1 threads and 64 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency    52.00us   10.00us   1.02ms   90.00%
                    Req/Sec     1.02M    10.00k    1.10M    70.00%
                  Latency Distribution
                     50%   50.00us
                     75%   55.00us
                     90%   60.00us
                     99%    1.00m
                  61200000 requests in 1.00m, 7.30GB read
                Requests/sec: 1020000.00
                Transfer/sec:    124.60MB
                """;

        WrkResult r = WrkResult.parse(report);

        assertThat(r.requestsPerSecond()).isEqualTo(1_020_000.0);
        assertThat(r.seconds()).isEqualTo(60.0);
        assertThat(r.p50Millis()).isCloseTo(0.05, within(1e-9));
        assertThat(r.p99Millis()).isEqualTo(60_000.0);
    }

    @Test
    void refusesOutputThatIsNotAReportQuotingIt() throws IOException {
        String unable = sample("unable-to-connect.txt");

        assertThatThrownBy(() -> WrkResult.parse(unable))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unable to connect to 127.0.0.1:1 Connection refused");
        assertThatThrownBy(() -> WrkResult.parse(""))
                .hasMessageContaining("(no output)");
    }

    static String sample(String name) throws IOException {
        try (InputStream in = WrkResultTest.class.getResourceAsStream("/wrk/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
