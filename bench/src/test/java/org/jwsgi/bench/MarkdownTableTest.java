package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    private static MarkdownTable twoColumns() {
        return new MarkdownTable(List.of("server", "req/s"), List.of(MarkdownTable.Align.LEFT, MarkdownTable.Align.RIGHT));
    }

    @Test
    void padsEveryColumnToItsWidestCellAndMarksTheAlignment() {
        String table = twoColumns().add(List.of("builtin", "108,123")).add(List.of("jetty-core", "1")).render();

        assertThat(table).isEqualTo("""
                | server     |   req/s |
                |:-----------|--------:|
                | builtin    | 108,123 |
                | jetty-core |       1 |
                """);
    }

    @Test
    void escapesPipesAndFlattensLineBreaksSoACellCannotBreakTheTable() {
        String table = twoColumns().add(List.of("a|b", "x\ny")).render();

        assertThat(table.lines().toList().get(2)).isEqualTo("| a\\|b   |   x y |");
        assertThat(table.lines()).hasSize(3);
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        assertThatThrownBy(() -> twoColumns().add(List.of("only one")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row of 1 cells in a table of 2 columns");
    }

    @Test
    void theVarargsFormIsLeftAlignedAndPrintsItself() {
        MarkdownTable t = new MarkdownTable("server", "KiB/conn").row("builtin", "3.9");

        assertThat(t).hasToString("""
                | server  | KiB/conn |
                |:--------|:---------|
                | builtin | 3.9      |
                """);
    }
}
