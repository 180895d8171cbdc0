package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jwsgi.bench.Fixtures.ok;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TargetsTest {

    private static final List<String> ALL = Servers.known();

    /** One round with these hello req/s; builtin starts in 100 ms, everything else in 500 ms. */
    private static Summary run(Map<String, Double> helloRps) {
        List<Measurement> ms = new ArrayList<>();
        helloRps.forEach((server, rps) -> ms.add(ok(1, server, App.HELLO, rps, server.equals("builtin") ? 100 : 500)));
        return Summary.of(ALL, List.of(App.HELLO), "jetty-core", ms);
    }

    private static Map<String, Targets.Verdict> verdicts(Summary s, int java) {
        return Targets.check(s, java).stream()
                .collect(Collectors.toMap(c -> c.target().label(), Targets.Check::verdict));
    }

    @Test
    void theJettyCoreGoalDependsOnTheServersJavaVersion() {
        Summary s = run(Map.of("builtin", 90.0, "jetty-core", 100.0));

        Targets.Check on17 = Targets.check(s, 17).get(0);
        Targets.Check on25 = Targets.check(s, 25).get(0);

        assertThat(on17.target().goal()).isEqualTo(0.9);
        assertThat(on17.measured()).isEqualTo(0.9);
        assertThat(on17.verdict()).isEqualTo(Targets.Verdict.MET);
        assertThat(on25.target().goal()).isEqualTo(1.0);
        assertThat(on25.verdict()).isEqualTo(Targets.Verdict.MISSED);
    }

    @Test
    void checksEveryRatioOfTheIssue() {
        Summary s = run(Map.of("builtin", 150.0, "builtin-log", 140.0, "jetty-core", 100.0, "nginx", 200.0,
                "jetty-servlet", 100.0, "tomcat-servlet", 101.0, "jdk-httpserver", 50.0, "jetty-bridge", 90.0,
                "tomcat-bridge", 80.0));

        assertThat(verdicts(s, 21)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("builtin ÷ jetty-core, hello req/s ≥ 1.0 (Java 21+)", Targets.Verdict.MET),
                Map.entry("builtin ÷ jetty-core, hello p99 ≤ 1.0", Targets.Verdict.MET), // the fixtures' p99s are equal
                Map.entry("builtin ÷ nginx, hello req/s ≥ 0.9 (stretch)", Targets.Verdict.MISSED),
                Map.entry("builtin-log ÷ builtin, hello req/s ≥ 0.9 (access log on)", Targets.Verdict.MET), // 0.93
                Map.entry("builtin ÷ jetty-servlet, hello req/s ≥ 1.5", Targets.Verdict.MET),
                Map.entry("builtin ÷ tomcat-servlet, hello req/s ≥ 1.5", Targets.Verdict.MISSED),
                Map.entry("builtin ÷ jetty-core, plaintext-256 req/s ≥ 1.0 (TechEmpower)", Targets.Verdict.NOT_MEASURED),
                Map.entry("builtin ÷ jetty-core, plaintext-1024 req/s ≥ 1.0 (TechEmpower)", Targets.Verdict.NOT_MEASURED),
                Map.entry("builtin ÷ jetty-core, te-json req/s ≥ 1.0 (TechEmpower)", Targets.Verdict.NOT_MEASURED),
                Map.entry("jetty-bridge ÷ jetty-servlet, hello req/s ≥ 0.9 (the bridge's cost)", Targets.Verdict.MET),
                Map.entry("tomcat-bridge ÷ tomcat-servlet, hello req/s ≥ 0.9 (the bridge's cost)",
                        Targets.Verdict.MISSED),
                Map.entry("builtin ÷ jetty-core, start-up ms ≤ 0.3", Targets.Verdict.MET))); // 100 / 500 = 0.2
    }

    @Test
    void startupAboveTheGoalIsMissedBecauseLowerIsBetter() {
        Summary s = Summary.of(ALL, List.of(App.HELLO), "jetty-core",
                List.of(ok(1, "builtin", App.HELLO, 1, 200), ok(1, "jetty-core", App.HELLO, 1, 500)));

        Targets.Check startup = Targets.check(s, 17).stream()
                .filter(c -> c.target().metric() == Targets.Metric.STARTUP).findFirst().orElseThrow();

        assertThat(startup.target().metric()).isEqualTo(Targets.Metric.STARTUP);
        assertThat(startup.measured()).isEqualTo(0.4);
        assertThat(startup.verdict()).isEqualTo(Targets.Verdict.MISSED);
    }

    @Test
    void aHigherP99IsMissedBecauseLowerIsBetter() {
        Summary s = Summary.of(ALL, List.of(App.HELLO), "jetty-core", List.of(
                Measurement.of(1, "builtin", App.HELLO, 100, Fixtures.wrk(100, 1, 6, 0), java.util.OptionalLong.empty()),
                Measurement.of(1, "jetty-core", App.HELLO, 500, Fixtures.wrk(90, 1, 3, 0), java.util.OptionalLong.empty())));

        Targets.Check p99 = Targets.check(s, 25).stream()
                .filter(c -> c.target().metric() == Targets.Metric.P99).findFirst().orElseThrow();

        assertThat(p99.measured()).isEqualTo(2.0);
        assertThat(p99.verdict()).isEqualTo(Targets.Verdict.MISSED);
    }

    @Test
    void aServerMissingFromTheRunLeavesItsTargetsNotMeasured() {
        Summary s = run(Map.of("builtin", 150.0, "jetty-core", 100.0));

        Map<String, Targets.Verdict> v = verdicts(s, 25);

        assertThat(v.get("builtin ÷ nginx, hello req/s ≥ 0.9 (stretch)")).isEqualTo(Targets.Verdict.NOT_MEASURED);
        assertThat(v.get("builtin ÷ jetty-core, hello req/s ≥ 1.0 (Java 21+)")).isEqualTo(Targets.Verdict.MET);
        assertThat(Targets.check(s, 25).stream().filter(c -> c.verdict() == Targets.Verdict.NOT_MEASURED))
                .allMatch(c -> Double.isNaN(c.measured()));
    }
}
