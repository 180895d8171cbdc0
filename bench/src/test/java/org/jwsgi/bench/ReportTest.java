package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jwsgi.bench.Fixtures.ok;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void tableShowsMediansRatiosAndDashesForWhatWasNotMeasured() {
        Summary s = Summary.of(List.of("builtin", "jetty-core", "tomcat-bridge", "nginx"), List.of(App.STREAM),
                "jetty-core", List.of(
                        Measurement.of(1, "builtin", App.STREAM, 212.4, Fixtures.wrk(108_123.4, 0.561, 31.76, 2),
                                OptionalLong.of(80L * 1024 * 1024)),
                        ok(1, "jetty-core", App.STREAM, 100_000, 498),
                        Measurement.failed(1, "tomcat-bridge", App.STREAM, Double.NaN,
                                "exited with code 1 before READY: Address | in use")));

        String table = Report.table(App.STREAM, s.rows().get(App.STREAM), "jetty-core");

        assertThat(table).isEqualTo("""
                ## stream: GET /stream: 100 chunks of 1 KiB, each flushed (chunked)

                | server          |   req/s | × jetty-core | p50 ms | p99 ms | errors | RSS MiB | start-up ms |
                |:----------------|--------:|-------------:|-------:|-------:|-------:|--------:|------------:|
                | builtin         | 108,123 |         1.08 |   0.56 |   31.8 |      2 |      80 |         212 |
                | jetty-core      | 100,000 |         1.00 |   1.00 |   5.00 |      0 |     100 |         498 |
                | tomcat-bridge † |  failed |            — |      — |      — |      — |       — |           — |
                | nginx           |       — |            — |      — |      — |      — |       — |           — |

                - tomcat-bridge † round 1: exited with code 1 before READY: Address | in use
                """);
    }

    @Test
    void aLongFailureReasonIsShortened() {
        Summary s = Summary.of(List.of("builtin"), List.of(App.HELLO), "builtin",
                List.of(Measurement.failed(1, "builtin", App.HELLO, Double.NaN, "x".repeat(1000))));

        String table = Report.table(App.HELLO, s.rows().get(App.HELLO), "builtin");

        String note = table.lines().filter(l -> l.startsWith("- builtin")).findFirst().orElseThrow();
        assertThat(note).endsWith("…").hasSizeLessThan(Report.MAX_REASON + 30);
    }

    @Test
    void targetsBlockSaysMetMissedOrNotMeasured() {
        Summary s = Summary.of(Servers.known(), List.of(App.HELLO), "jetty-core",
                List.of(ok(1, "builtin", App.HELLO, 95, 100), ok(1, "jetty-core", App.HELLO, 100, 200)));
        Jvm jvm = new Jvm(Path.of("/usr/bin/java"), "25", 25, "openjdk version \"25\"");

        String block = Report.targets(Targets.check(s, 25), jvm);

        assertThat(block).startsWith("## Targets (issue 13), from this run on Java 25\n")
                .contains("| builtin ÷ jetty-core, hello req/s ≥ 1.0 (Java 21+)")
                .contains("|     0.95 | MISSED ")
                .contains("|     0.50 | MISSED ") // start-up 100 / 200
                .contains("|        — | not measured");
    }

    @Test
    void millisecondsKeepAboutThreeSignificantDigits() {
        assertThat(Report.millis(0.5614)).isEqualTo("0.56");
        assertThat(Report.millis(31.76)).isEqualTo("31.8");
        assertThat(Report.millis(164.14)).isEqualTo("164");
        assertThat(Report.millis(Double.NaN)).isEqualTo("—");
        assertThat(Report.grouped(1_234_567.8)).isEqualTo("1,234,568");
    }
}
