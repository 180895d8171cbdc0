package org.jwsgi.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Markdown table with its columns padded, readable in a terminal and ready for docs/.
 *
 * <pre>{@code
 * MarkdownTable t = new MarkdownTable("server", "KiB/conn");
 * t.row("builtin", "7.9");
 * System.out.print(t);
 * }</pre>
 */
final class MarkdownTable {

    private final List<String[]> rows = new ArrayList<>();

    MarkdownTable(String... header) {
        rows.add(header.clone());
    }

    /** Adds a row; it must have as many cells as the header. */
    void row(String... cells) {
        if (cells.length != rows.get(0).length) {
            throw new IllegalArgumentException(cells.length + " cells for " + rows.get(0).length + " columns: "
                    + Arrays.toString(cells));
        }
        rows.add(cells.clone());
    }

    @Override
    public String toString() {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            line(b, rows.get(r), widths);
            if (r == 0) {
                String[] rule = new String[widths.length];
                for (int i = 0; i < widths.length; i++) {
                    rule[i] = "-".repeat(Math.max(3, widths[i]));
                }
                line(b, rule, widths);
            }
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, int[] widths) {
        b.append('|');
        for (int i = 0; i < cells.length; i++) {
            b.append(' ').append(cells[i]).append(" ".repeat(Math.max(0, widths[i] - cells[i].length()))).append(" |");
        }
        b.append('\n');
    }
}
