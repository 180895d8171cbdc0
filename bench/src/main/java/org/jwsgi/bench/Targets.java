package org.jwsgi.bench;

import java.util.List;
import java.util.Locale;

/**
 * The targets of issue 5, checked against one run's {@link Summary}: each is a ratio of two
 * servers measured in the same run, on the same JVM.
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
 *   <tr><td>builtin ÷ jetty-core, hello req/s</td><td>≥ 1.0 on Java 21+, ≥ 0.8 before</td></tr>
 *   <tr><td>builtin ÷ nginx, hello req/s</td><td>≥ 0.9 (stretch)</td></tr>
 *   <tr><td>builtin ÷ jetty-servlet, tomcat-servlet, jdk-httpserver, hello req/s</td><td>≥ 1.5 each</td></tr>
 *   <tr><td>jetty-bridge ÷ jetty-servlet, tomcat-bridge ÷ tomcat-servlet, hello req/s</td><td>≥ 0.9</td></tr>
 *   <tr><td>builtin ÷ jetty-core, start-up time</td><td>≤ 0.3</td></tr>
 * </table>
 */
final class Targets {

    /** What a target compares. */
    enum Metric {
        /** Hello-world requests per second: higher is better. */
        HELLO_THROUGHPUT,
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
     * {@code server} ÷ {@code baseline} on {@code metric} must be ≥ {@code goal} (throughput) or
     * ≤ {@code goal} (start-up).
     */
    record Target(String server, String baseline, Metric metric, double goal, String note) {

        /** "builtin ÷ jetty-core, hello req/s ≥ 1.0 (Java 21+)". */
        String label() {
            String what = metric == Metric.STARTUP ? "start-up ms" : "hello req/s";
            String op = metric == Metric.STARTUP ? "≤" : "≥";
            return server + " ÷ " + baseline + ", " + what + " " + op + " " + String.format(Locale.ROOT, "%.1f", goal)
                    + (note.isEmpty() ? "" : " (" + note + ")");
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
                ? new Target("builtin", "jetty-core", Metric.HELLO_THROUGHPUT, 1.0, "Java 21+")
                : new Target("builtin", "jetty-core", Metric.HELLO_THROUGHPUT, 0.8, "Java 17–20");
        return List.of(versusCore,
                new Target("builtin", Servers.NGINX, Metric.HELLO_THROUGHPUT, 0.9, "stretch"),
                new Target("builtin", "jetty-servlet", Metric.HELLO_THROUGHPUT, 1.5, ""),
                new Target("builtin", "tomcat-servlet", Metric.HELLO_THROUGHPUT, 1.5, ""),
                new Target("builtin", "jdk-httpserver", Metric.HELLO_THROUGHPUT, 1.5, ""),
                new Target("jetty-bridge", "jetty-servlet", Metric.HELLO_THROUGHPUT, 0.9, "the bridge's cost"),
                new Target("tomcat-bridge", "tomcat-servlet", Metric.HELLO_THROUGHPUT, 0.9, "the bridge's cost"),
                new Target("builtin", "jetty-core", Metric.STARTUP, 0.3, ""));
    }

    /** Checks every target of {@link #forJava(int)} against {@code summary}. */
    static List<Check> check(Summary summary, int javaFeature) {
        return forJava(javaFeature).stream().map(t -> check(summary, t)).toList();
    }

    static Check check(Summary summary, Target target) {
        double measured = Stats.ratio(value(summary, target.server(), target.metric()),
                value(summary, target.baseline(), target.metric()));
        if (Double.isNaN(measured)) {
            return new Check(target, measured, Verdict.NOT_MEASURED);
        }
        boolean met = target.metric() == Metric.STARTUP ? measured <= target.goal() : measured >= target.goal();
        return new Check(target, measured, met ? Verdict.MET : Verdict.MISSED);
    }

    private static double value(Summary summary, String server, Metric metric) {
        if (metric == Metric.STARTUP) {
            return summary.startupMillis(server);
        }
        return summary.row(server, App.HELLO).map(Summary.Row::requestsPerSecond).orElse(Double.NaN);
    }
}
