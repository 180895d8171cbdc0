package org.jwsgi.bench;

import java.util.List;
import java.util.Locale;

/**
 * The targets of issue 13 (after issue 5's), checked against one run's {@link Summary}: each is a
 * ratio of two servers measured in the same run, on the same JVM.
 *
 * <pre>{@code
 * for (Targets.Check c : Targets.check(summary, 21)) {
 *     System.out.println(c.target().label() + ": " + c.measured() + " " + c.verdict());
 * }
 * }</pre>
 *
 * <table>
 *   <caption>The targets</caption>
 *   <tr><th>ratio</th><th>goal</th></tr>
 *   <tr><td>builtin ÷ jetty-core, hello req/s</td><td>≥ 1.0 on Java 21+, ≥ 0.9 before</td></tr>
 *   <tr><td>builtin ÷ jetty-core, hello p99</td><td>≤ 1.0</td></tr>
 *   <tr><td>builtin-log ÷ builtin (the CLI's access log on ÷ off), hello req/s</td><td>≥ 0.9</td></tr>
 *   <tr><td>builtin ÷ jetty-servlet, tomcat-servlet, hello req/s</td><td>≥ 1.5 each</td></tr>
 *   <tr><td>builtin ÷ jetty-core, plaintext-256, plaintext-1024 and te-json req/s</td><td>≥ 1.0 each</td></tr>
 *   <tr><td>jetty-bridge ÷ jetty-servlet, tomcat-bridge ÷ tomcat-servlet, hello req/s</td><td>≥ 0.9</td></tr>
 *   <tr><td>builtin ÷ jetty-core, start-up time</td><td>≤ 0.3</td></tr>
 *   <tr><td>builtin ÷ nginx, hello req/s</td><td>≥ 0.9 (stretch, issue 5)</td></tr>
 * </table>
 */
final class Targets {

    /** What a target compares. */
    enum Metric {
        /** Requests per second of an app: higher is better. */
        THROUGHPUT,
        /** The p99 latency of an app: lower is better. */
        P99,
        /** Spawn to first 200: lower is better. */
        STARTUP
    }

    /** Whether a target holds in this run. */
    enum Verdict {
        MET, MISSED,
        /** One of the two servers was not in the run, or failed. */
        NOT_MEASURED
    }

    /**
     * {@code server} ÷ {@code baseline} on {@code metric} of {@code app} must be ≥ {@code goal}
     * (throughput) or ≤ {@code goal} (p99, start-up).
     */
    record Target(String server, String baseline, App app, Metric metric, double goal, String note) {

        /** "builtin ÷ jetty-core, hello req/s ≥ 1.0 (Java 21+)". */
        String label() {
            String what = switch (metric) {
                case STARTUP -> "start-up ms";
                case P99 -> app.label() + " p99";
                case THROUGHPUT -> app.label() + " req/s";
            };
            String op = metric == Metric.THROUGHPUT ? "≥" : "≤";
            return server + " ÷ " + baseline + ", " + what + " " + op + " " + String.format(Locale.ROOT, "%.1f", goal)
                    + (note.isEmpty() ? "" : " (" + note + ")");
        }

        boolean lowerIsBetter() {
            return metric != Metric.THROUGHPUT;
        }
    }

    /** One target's outcome; {@code measured} is NaN when {@link Verdict#NOT_MEASURED}. */
    record Check(Target target, double measured, Verdict verdict) {
    }

    private Targets() {
    }

    /** The targets for a server JVM of feature version {@code javaFeature}. */
    static List<Target> forJava(int javaFeature) {
        Target versusCore = javaFeature >= 21
                ? new Target("builtin", "jetty-core", App.HELLO, Metric.THROUGHPUT, 1.0, "Java 21+")
                : new Target("builtin", "jetty-core", App.HELLO, Metric.THROUGHPUT, 0.9, "Java 17–20");
        return List.of(versusCore,
                new Target("builtin", "jetty-core", App.HELLO, Metric.P99, 1.0, ""),
                new Target("builtin-log", "builtin", App.HELLO, Metric.THROUGHPUT, 0.9, "access log on"),
                new Target("builtin", "jetty-servlet", App.HELLO, Metric.THROUGHPUT, 1.5, ""),
                new Target("builtin", "tomcat-servlet", App.HELLO, Metric.THROUGHPUT, 1.5, ""),
                new Target("builtin", "jetty-core", App.PLAINTEXT_256, Metric.THROUGHPUT, 1.0, "TechEmpower"),
                new Target("builtin", "jetty-core", App.PLAINTEXT_1024, Metric.THROUGHPUT, 1.0, "TechEmpower"),
                new Target("builtin", "jetty-core", App.TE_JSON, Metric.THROUGHPUT, 1.0, "TechEmpower"),
                new Target("jetty-bridge", "jetty-servlet", App.HELLO, Metric.THROUGHPUT, 0.9, "the bridge's cost"),
                new Target("tomcat-bridge", "tomcat-servlet", App.HELLO, Metric.THROUGHPUT, 0.9, "the bridge's cost"),
                new Target("builtin", "jetty-core", App.HELLO, Metric.STARTUP, 0.3, ""),
                new Target("builtin", Servers.NGINX, App.HELLO, Metric.THROUGHPUT, 0.9, "stretch"));
    }

    /** Checks every target of {@link #forJava(int)} against {@code summary}. */
    static List<Check> check(Summary summary, int javaFeature) {
        return forJava(javaFeature).stream().map(t -> check(summary, t)).toList();
    }

    static Check check(Summary summary, Target target) {
        double measured = Stats.ratio(value(summary, target.server(), target), value(summary, target.baseline(), target));
        if (Double.isNaN(measured)) {
            return new Check(target, measured, Verdict.NOT_MEASURED);
        }
        boolean met = target.lowerIsBetter() ? measured <= target.goal() : measured >= target.goal();
        return new Check(target, measured, met ? Verdict.MET : Verdict.MISSED);
    }

    private static double value(Summary summary, String server, Target target) {
        return switch (target.metric()) {
            case STARTUP -> summary.startupMillis(server);
            case P99 -> summary.row(server, target.app()).map(Summary.Row::p99Millis).orElse(Double.NaN);
            case THROUGHPUT -> summary.row(server, target.app()).map(Summary.Row::requestsPerSecond).orElse(Double.NaN);
        };
    }
}
