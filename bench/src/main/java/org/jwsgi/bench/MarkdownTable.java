package org.jwsgi.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A Markdown table padded so that it also reads as a table in a terminal.
 *
 * <pre>{@code
 * MarkdownTable t = new MarkdownTable(List.of("server", "req/s"), List.of(Align.LEFT, Align.RIGHT));
 * t.add(List.of("builtin", "108,123"));
 * t.render();
 * // | server  |   req/s |
 * // |:--------|--------:|
 * // | builtin | 108,123 |
 * }</pre>
 */
final class MarkdownTable {

    enum Align { LEFT, RIGHT }

    private final List<String> headers;
    private final List<Align> aligns;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(List<String> headers, List<Align> aligns) {
        if (headers.size() != aligns.size()) {
            throw new IllegalArgumentException(headers.size() + " headers but " + aligns.size() + " alignments");
        }
        this.headers = headers.stream().map(MarkdownTable::escape).toList();
        this.aligns = List.copyOf(aligns);
    }

    /** A table of left-aligned columns, filled with {@link #row(String...)}. */
    MarkdownTable(String... headers) {
        this(List.of(headers), java.util.Collections.nCopies(headers.length, Align.LEFT));
    }

    /** {@link #add(List)} of {@code cells}. */
    MarkdownTable row(String... cells) {
        return add(List.of(cells));
    }

    /** {@link #render()}. */
    @Override
    public String toString() {
        return render();
    }

    /** Adds a row; a {@code |} in a cell is escaped, a line break becomes a space. */
    MarkdownTable add(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("row of " + cells.size() + " cells in a table of " + headers.size()
                    + " columns: " + cells);
        }
        rows.add(cells.stream().map(MarkdownTable::escape).toList());
        return this;
    }

    /** The table, one line per row, each ending with a newline. */
    String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(3, headers.get(i).length());
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        out.append('|');
        for (int i = 0; i < widths.length; i++) {
            out.append(aligns.get(i) == Align.RIGHT ? "-".repeat(widths[i] + 1) + ":" : ":" + "-".repeat(widths[i] + 1))
                    .append('|');
        }
        out.append('\n');
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private void line(StringBuilder out, List<String> cells, int[] widths) {
        out.append('|');
        for (int i = 0; i < widths.length; i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - cell.length());
            out.append(' ').append(aligns.get(i) == Align.RIGHT ? pad + cell : cell + pad).append(" |");
        }
        out.append('\n');
    }

    private static String escape(String cell) {
        return cell.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace("|", "\\|");
    }
}
