package org.jwsgi.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rounds folded into one row per server and app: medians over the rounds that measured
 * something, and every ratio to the reference server of the same app in the same run.
 *
 * <pre>{@code
 * Summary summary = Summary.of(List.of("builtin", "jetty-core"), List.of(App.HELLO), "jetty-core", measurements);
 * summary.row("builtin", App.HELLO).orElseThrow().ratio();  // builtin's req/s ÷ jetty-core's
 * }</pre>
 */
final class Summary {

    /** How one row came out. */
    enum Outcome {
        /** At least one round measured it. */
        MEASURED,
        /** Every round failed. */
        FAILED,
        /** The server does not serve this app (nginx and stream, the references and json). */
        NOT_SERVED
    }

    /**
     * One server's figures for one app.
     *
     * @param requestsPerSecond median over rounds, NaN if none measured
     * @param ratio {@code requestsPerSecond} ÷ the reference's, NaN if either is missing
     * @param p50Millis median of the rounds' p50
     * @param p99Millis median of the rounds' p99
     * @param errors total over the measured runs of every round
     * @param rssMiB median of the rounds' RSS after this app's measured run
     * @param startupMillis median of the rounds' start-up times (the same in every app's row;
     *     NaN in a row whose app the server does not serve)
     * @param failures the reasons of the rounds that failed, in round order ("round 2: ...")
     */
    record Row(String server, App app, Outcome outcome, double requestsPerSecond, double ratio, double p50Millis,
            double p99Millis, long errors, double rssMiB, double startupMillis, List<String> failures) {

        Row {
            failures = List.copyOf(failures);
        }
    }

    private final String reference;
    private final Map<App, List<Row>> rows;
    private final Map<String, Double> startupMillis;

    private Summary(String reference, Map<App, List<Row>> rows, Map<String, Double> startupMillis) {
        this.reference = reference;
        this.rows = rows;
        this.startupMillis = startupMillis;
    }

    /**
     * Folds {@code measurements} into a row for each of {@code servers} × {@code apps}, in that order.
     *
     * @param reference the server every ratio divides by
     */
    static Summary of(List<String> servers, List<App> apps, String reference, List<Measurement> measurements) {
        Objects.requireNonNull(reference, "reference");
        Map<String, Double> startup = new LinkedHashMap<>();
        for (String server : servers) {
            startup.put(server, startupMillis(measurements, server));
        }
        Map<App, List<Row>> rows = new LinkedHashMap<>();
        for (App app : apps) {
            double referenceRps = median(measurements, reference, app);
            List<Row> appRows = new ArrayList<>();
            for (String server : servers) {
                appRows.add(row(server, app, referenceRps, startup.get(server), measurements));
            }
            rows.put(app, List.copyOf(appRows));
        }
        return new Summary(reference, rows, startup);
    }

    String reference() {
        return reference;
    }

    /** The rows of every app, in the apps' order. */
    Map<App, List<Row>> rows() {
        return rows;
    }

    /** The median start-up time of {@code server} over the rounds it started in; NaN if none. */
    double startupMillis(String server) {
        return startupMillis.getOrDefault(server, Double.NaN);
    }

    /** The row of {@code server} for {@code app}, if both were in the run. */
    Optional<Row> row(String server, App app) {
        return rows.getOrDefault(app, List.of()).stream().filter(r -> r.server().equals(server)).findFirst();
    }

    /** Each round's start-up time (every app of a round carries the same one), then their median. */
    private static double startupMillis(List<Measurement> measurements, String server) {
        Map<Integer, Double> byRound = new LinkedHashMap<>();
        measurements.stream()
                .filter(m -> m.server().equals(server))
                .forEach(m -> byRound.putIfAbsent(m.round(), m.startupMillis()));
        return Stats.median(byRound.values());
    }

    private static double median(List<Measurement> measurements, String server, App app) {
        return Stats.median(measured(measurements, server, app).stream().map(m -> m.wrk().requestsPerSecond()).toList());
    }

    private static List<Measurement> measured(List<Measurement> measurements, String server, App app) {
        return measurements.stream()
                .filter(m -> m.server().equals(server) && m.app() == app && m.succeeded())
                .toList();
    }

    private static Row row(String server, App app, double referenceRps, double startup,
            List<Measurement> measurements) {
        List<Measurement> all = measurements.stream()
                .filter(m -> m.server().equals(server) && m.app() == app)
                .toList();
        List<Measurement> ok = all.stream().filter(Measurement::succeeded).toList();
        List<String> failures = all.stream()
                .filter(m -> !m.succeeded())
                .map(m -> "round " + m.round() + ": " + m.failure())
                .toList();
        if (ok.isEmpty()) {
            if (!app.servedBy(server)) {
                return new Row(server, app, Outcome.NOT_SERVED, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
                        Double.NaN, Double.NaN, failures);
            }
            return new Row(server, app, Outcome.FAILED, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN,
                    startup, failures);
        }
        double rps = Stats.median(ok.stream().map(m -> m.wrk().requestsPerSecond()).toList());
        return new Row(server, app, Outcome.MEASURED, rps, Stats.ratio(rps, referenceRps),
                Stats.median(ok.stream().map(m -> m.wrk().p50Millis()).toList()),
                Stats.median(ok.stream().map(m -> m.wrk().p99Millis()).toList()),
                ok.stream().mapToLong(m -> m.wrk().errors()).sum(),
                Stats.median(ok.stream()
                        .map(m -> m.rssBytes().isPresent() ? m.rssBytes().getAsLong() / (1024.0 * 1024) : Double.NaN)
                        .toList()),
                startup, failures);
    }
}
