package org.jwsgi.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run as text: one Markdown table per app (rows are servers) with its notes, and the
 * targets block. What {@code Bench} prints and keeps as {@code results.md}.
 *
 * <pre>{@code
 * String text = Report.render(info, summary, Targets.check(summary, jvm.feature()));
 * }</pre>
 *
 * <p>A missing figure (a failed server, an app a server does not serve, no reference) is "—";
 * a server that failed in some round is marked † and the reason is in the notes under its table.
 */
final class Report {

    /** Longest failure reason shown under a table; the server's log has all of it. */
    static final int MAX_REASON = 240;
    static final String MISSING = "—";
    private static final String FLAGGED = " †";

    private Report() {
    }

    /** The whole report: what the run was, a table per app, then the targets. */
    static String render(RunInfo info, Summary summary, List<Targets.Check> checks) {
        StringBuilder out = new StringBuilder(info.describe());
        summary.rows().forEach((app, rows) -> out.append('\n').append(table(app, rows, summary.reference())));
        out.append('\n').append(targets(checks, info.jvm()));
        return out.toString();
    }

    /** One app's heading, table and notes. */
    static String table(App app, List<Summary.Row> rows, String reference) {
        MarkdownTable table = new MarkdownTable(
                List.of("server", "req/s", "× " + reference, "p50 ms", "p99 ms", "errors", "RSS MiB", "start-up ms"),
                List.of(MarkdownTable.Align.LEFT, MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT,
                        MarkdownTable.Align.RIGHT, MarkdownTable.Align.RIGHT));
        List<String> notes = new ArrayList<>();
        for (Summary.Row r : rows) {
            String server = r.server() + (r.failures().isEmpty() ? "" : FLAGGED);
            switch (r.outcome()) {
                case NOT_SERVED -> table.add(List.of(r.server(), MISSING, MISSING, MISSING, MISSING, MISSING, MISSING,
                        MISSING));
                case FAILED -> table.add(List.of(server, "failed", MISSING, MISSING, MISSING, MISSING, MISSING,
                        whole(r.startupMillis())));
                case MEASURED -> table.add(List.of(server, grouped(r.requestsPerSecond()), ratio(r.ratio()),
                        millis(r.p50Millis()), millis(r.p99Millis()), String.format(Locale.ROOT, "%,d", r.errors()),
                        whole(r.rssMiB()), whole(r.startupMillis())));
            }
            r.failures().forEach(f -> notes.add("- " + r.server() + FLAGGED + " " + shorten(f)));
        }
        StringBuilder out = new StringBuilder("## " + app.label() + ": " + app.description() + "\n\n");
        out.append(table.render());
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(n -> out.append(n).append('\n'));
        }
        return out.toString();
    }

    /** The targets of issue 13 as a table: ratio measured, goal, met or missed. */
    static String targets(List<Targets.Check> checks, Jvm jvm) {
        MarkdownTable table = new MarkdownTable(List.of("target", "measured", "verdict"),
                List.of(MarkdownTable.Align.LEFT, MarkdownTable.Align.RIGHT, MarkdownTable.Align.LEFT));
        for (Targets.Check c : checks) {
            table.add(List.of(c.target().label(), ratio(c.measured()), verdict(c.verdict())));
        }
        return "## Targets (issue 13), from this run on Java " + jvm.feature() + "\n\n" + table.render();
    }

    static String verdict(Targets.Verdict v) {
        return switch (v) {
            case MET -> "met";
            case MISSED -> "MISSED";
            case NOT_MEASURED -> "not measured";
        };
    }

    /** 108123.4 → "108,123". */
    static String grouped(double v) {
        return Double.isNaN(v) ? MISSING : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** 1.0349 → "1.03". */
    static String ratio(double v) {
        return Double.isNaN(v) ? MISSING : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Milliseconds with about three significant digits: "0.56", "31.8", "164". */
    static String millis(double v) {
        if (Double.isNaN(v)) {
            return MISSING;
        }
        String format = v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f";
        return String.format(Locale.ROOT, format, v);
    }

    static String whole(double v) {
        return Double.isNaN(v) ? MISSING : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String shorten(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
