package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jwsgi.bench.Fixtures.ok;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void rowIsTheMedianOverRoundsAndTheRatioDividesMediansOfTheSameRun() {
        Summary s = Summary.of(List.of("builtin", "jetty-core"), List.of(App.HELLO), "jetty-core", List.of(
                ok(1, "builtin", 100_000), ok(1, "jetty-core", 80_000),
                ok(2, "builtin", 120_000), ok(2, "jetty-core", 120_000)));

        Summary.Row builtin = s.row("builtin", App.HELLO).orElseThrow();
        assertThat(builtin.outcome()).isEqualTo(Summary.Outcome.MEASURED);
        assertThat(builtin.requestsPerSecond()).isEqualTo(110_000);
        assertThat(builtin.ratio()).isEqualTo(1.1); // 110k / 100k: medians, not a median of per-round ratios
        assertThat(builtin.rssMiB()).isEqualTo(100);
        assertThat(s.row("jetty-core", App.HELLO).orElseThrow().ratio()).isEqualTo(1.0);
    }

    @Test
    void errorsAreTotalledOverRounds() {
        Measurement r1 = Measurement.of(1, "builtin", App.HELLO, 200, Fixtures.wrk(1000, 1, 2, 3), OptionalLong.empty());
        Measurement r2 = Measurement.of(2, "builtin", App.HELLO, 200, Fixtures.wrk(1000, 1, 2, 4), OptionalLong.empty());

        Summary.Row row = Summary.of(List.of("builtin"), List.of(App.HELLO), "builtin", List.of(r1, r2))
                .row("builtin", App.HELLO).orElseThrow();

        assertThat(row.errors()).isEqualTo(7);
        assertThat(row.rssMiB()).isNaN();
    }

    @Test
    void aRoundThatFailedIsLeftOutOfTheMedianAndNamedInTheFailures() {
        Summary s = Summary.of(List.of("tomcat-bridge"), List.of(App.HELLO), "jetty-core", List.of(
                ok(1, "tomcat-bridge", 50_000),
                Measurement.failed(2, "tomcat-bridge", App.HELLO, Double.NaN, "exited with code 1 before READY")));

        Summary.Row row = s.row("tomcat-bridge", App.HELLO).orElseThrow();

        assertThat(row.outcome()).isEqualTo(Summary.Outcome.MEASURED);
        assertThat(row.requestsPerSecond()).isEqualTo(50_000);
        assertThat(row.ratio()).as("the reference is not in the run").isNaN();
        assertThat(row.startupMillis()).isEqualTo(500);
        assertThat(row.failures()).containsExactly("round 2: exited with code 1 before READY");
    }

    @Test
    void aServerThatNeverStartedIsFailedAndOneThatDoesNotServeTheAppIsNotServed() {
        Summary s = Summary.of(List.of("builtin", "jetty-core"), List.of(App.HELLO, App.JSON), "builtin", List.of(
                Measurement.failed(1, "builtin", App.HELLO, Double.NaN, "no READY line"),
                Measurement.failed(1, "builtin", App.JSON, Double.NaN, "no READY line"),
                ok(1, "jetty-core", 90_000)));

        assertThat(s.row("builtin", App.HELLO).orElseThrow().outcome()).isEqualTo(Summary.Outcome.FAILED);
        assertThat(s.row("jetty-core", App.HELLO).orElseThrow().ratio()).isNaN();
        assertThat(s.row("jetty-core", App.JSON).orElseThrow().outcome()).isEqualTo(Summary.Outcome.NOT_SERVED);
        assertThat(s.startupMillis("builtin")).isNaN();
        assertThat(s.rows().keySet()).containsExactly(App.HELLO, App.JSON);
    }

    @Test
    void startupIsTheMedianOfOneFigurePerRoundWhateverTheNumberOfApps() {
        Summary s = Summary.of(List.of("builtin"), List.of(App.HELLO, App.K64, App.UPLOAD), "builtin", List.of(
                ok(1, "builtin", App.HELLO, 1, 100), ok(1, "builtin", App.K64, 1, 100), ok(1, "builtin", App.UPLOAD, 1, 100),
                ok(2, "builtin", App.HELLO, 1, 400)));

        assertThat(s.startupMillis("builtin")).isEqualTo(250); // rounds 1 and 2, not three 100s and a 400
    }
}
