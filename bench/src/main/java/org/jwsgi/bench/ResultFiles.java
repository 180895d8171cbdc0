package org.jwsgi.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The run kept on disk, in the output directory: {@code results.md} (the printed report),
 * {@code summary.csv} (the tables' rows), {@code rounds.csv} (every round's raw figures),
 * {@code results.json} (the run, the rows and the targets) and one chart per app
 * ({@code hello.png}, ...). wrk's own reports and the servers' logs are beside them, in
 * {@code wrk/} and {@code logs/}.
 *
 * <pre>{@code
 * ResultFiles.write(Path.of("bench/results/20250601-100000"), info, summary, checks, measurements, report);
 * }</pre>
 *
 * <p>In the CSV files a missing figure is an empty field; in the JSON, {@code null}.
 */
final class ResultFiles {

    private ResultFiles() {
    }

    /**
     * Writes every file.
     *
     * @return the charts that could not be drawn, each with the reason (a JDK without fonts, say);
     *     the other files are written regardless
     */
    static List<String> write(Path dir, RunInfo info, Summary summary, List<Targets.Check> checks,
            List<Measurement> measurements, String report) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.md"), report, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.csv"), summaryCsv(summary), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("rounds.csv"), roundsCsv(measurements), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("results.json"), json(info, summary, checks), StandardCharsets.UTF_8);
        List<String> problems = new ArrayList<>();
        for (var entry : summary.rows().entrySet()) {
            Path png = dir.resolve(entry.getKey().label() + ".png");
            try {
                BarChart.write(entry.getKey().label() + ": requests per second, " + info.wrkCommand(),
                        "orange: a WSGI app through jwsgi; blue: the reference servers; (×): ratio to "
                                + summary.reference(),
                        bars(entry.getValue()), png);
            } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError | InternalError e) {
                // Java2D without fonts or fontconfig fails with an Error here: the tables matter more
                problems.add(png.getFileName() + ": " + e);
            }
        }
        return problems;
    }

    /** One bar per server that serves the app, longest first; jwsgi's servers highlighted. */
    static List<BarChart.Bar> bars(List<Summary.Row> rows) {
        return rows.stream()
                .filter(r -> r.outcome() != Summary.Outcome.NOT_SERVED)
                .sorted((a, b) -> Double.compare(orZero(b.requestsPerSecond()), orZero(a.requestsPerSecond())))
                .map(r -> new BarChart.Bar(r.server(), r.requestsPerSecond(),
                        r.outcome() == Summary.Outcome.FAILED ? "failed"
                                : Report.grouped(r.requestsPerSecond()) + " req/s"
                                        + (Double.isNaN(r.ratio()) ? "" : " (" + Report.ratio(r.ratio()) + "×)"),
                        Servers.WSGI.contains(r.server())))
                .toList();
    }

    static String summaryCsv(Summary summary) {
        StringBuilder out = new StringBuilder(
                "app,server,outcome,requests_per_sec,ratio,p50_ms,p99_ms,errors,rss_mib,startup_ms,failures\n");
        summary.rows().forEach((app, rows) -> rows.forEach(r -> out.append(csv(app.label(), r.server(),
                r.outcome().name().toLowerCase(Locale.ROOT), num(r.requestsPerSecond()), num(r.ratio()),
                num(r.p50Millis()), num(r.p99Millis()), r.outcome() == Summary.Outcome.MEASURED ? r.errors() : "",
                num(r.rssMiB()), num(r.startupMillis()), String.join("; ", r.failures())))));
        return out.toString();
    }

    static String roundsCsv(List<Measurement> measurements) {
        StringBuilder out = new StringBuilder("round,server,app,requests_per_sec,requests,p50_ms,p99_ms,"
                + "connect_errors,read_errors,write_errors,timeouts,non_2xx_3xx,rss_mib,startup_ms,failure\n");
        for (Measurement m : measurements) {
            WrkResult w = m.wrk();
            String rss = m.rssBytes().isPresent() ? num(m.rssBytes().getAsLong() / (1024.0 * 1024)) : "";
            if (w == null) {
                out.append(csv(m.round(), m.server(), m.app().label(), "", "", "", "", "", "", "", "", "", rss,
                        num(m.startupMillis()), m.failure()));
            } else {
                WrkResult.SocketErrors e = w.socketErrors();
                out.append(csv(m.round(), m.server(), m.app().label(), num(w.requestsPerSecond()), w.requests(),
                        num(w.p50Millis()), num(w.p99Millis()), e.connect(), e.read(), e.write(), e.timeout(),
                        w.non2xx3xx(), rss, num(m.startupMillis()), ""));
            }
        }
        return out.toString();
    }

    static String json(RunInfo info, Summary summary, List<Targets.Check> checks) {
        BenchOptions o = info.options();
        StringBuilder out = new StringBuilder("{\n  \"run\": {");
        out.append("\"started\": ").append(str(info.started().toOffsetDateTime().toString()))
                .append(", \"machine\": ").append(str(info.machine()))
                .append(", \"java\": ").append(str(info.jvm().description()))
                .append(", \"java_path\": ").append(str(info.jvm().path().toString()))
                .append(", \"java_feature\": ").append(info.jvm().feature())
                .append(", \"wrk\": ").append(str(info.wrkCommand()))
                .append(", \"warmup_seconds\": ").append(o.warmupSeconds())
                .append(", \"rounds\": ").append(o.rounds())
                .append(", \"reference\": ").append(str(o.reference()))
                .append("},\n  \"rows\": [");
        StringJoiner rows = new StringJoiner(",\n", "\n", "\n  ");
        summary.rows().forEach((app, appRows) -> appRows.forEach(r -> rows.add("    {\"app\": " + str(app.label())
                + ", \"server\": " + str(r.server())
                + ", \"outcome\": " + str(r.outcome().name().toLowerCase(Locale.ROOT))
                + ", \"requests_per_sec\": " + jnum(r.requestsPerSecond())
                + ", \"ratio\": " + jnum(r.ratio())
                + ", \"p50_ms\": " + jnum(r.p50Millis())
                + ", \"p99_ms\": " + jnum(r.p99Millis())
                + ", \"errors\": " + (r.outcome() == Summary.Outcome.MEASURED ? r.errors() : "null")
                + ", \"rss_mib\": " + jnum(r.rssMiB())
                + ", \"startup_ms\": " + jnum(r.startupMillis())
                + ", \"failures\": [" + String.join(", ", r.failures().stream().map(ResultFiles::str).toList())
                + "]}")));
        out.append(rows).append("],\n  \"targets\": [");
        StringJoiner targets = new StringJoiner(",\n", "\n", "\n  ");
        checks.forEach(c -> targets.add("    {\"target\": " + str(c.target().label())
                + ", \"server\": " + str(c.target().server())
                + ", \"baseline\": " + str(c.target().baseline())
                + ", \"goal\": " + jnum(c.target().goal())
                + ", \"measured\": " + jnum(c.measured())
                + ", \"verdict\": " + str(c.verdict().name().toLowerCase(Locale.ROOT)) + "}"));
        return out.append(targets).append("]\n}\n").toString();
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** A CSV line: fields with a comma, quote or line break quoted, quotes doubled. */
    private static String csv(Object... fields) {
        StringJoiner line = new StringJoiner(",", "", "\n");
        for (Object f : fields) {
            String s = String.valueOf(f);
            line.add(s.matches("(?s).*[\",\r\n].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
        }
        return line.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String jnum(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "null";
    }

    /** A JSON string literal. */
    static String str(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
