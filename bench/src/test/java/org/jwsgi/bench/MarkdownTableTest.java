package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    @Test
    void padsEveryColumnToItsWidestCell() {
        MarkdownTable t = new MarkdownTable("server", "KiB");
        t.row("builtin-pool", "7.9");

        assertThat(t.toString()).isEqualTo("""
                | server       | KiB |
                | ------------ | --- |
                | builtin-pool | 7.9 |
                """);
    }

    @Test
    void refusesARowOfAnotherWidth() {
        MarkdownTable t = new MarkdownTable("a", "b");

        assertThatThrownBy(() -> t.row("only one")).hasMessageContaining("1 cells for 2 columns");
    }
}
