package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class HeapHistogramTest {

    private static final String BEFORE = """
            22561:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         15695        2211896  [B (java.base@17.0.15)
               2:          9390         225360  java.lang.String (java.base@17.0.15)
               3:             1             16  sun.util.logging.internal.LoggingProviderImpl (java.logging@17.0.15)
            Total         25086        2437272
            """;

    private static final String AFTER = """
            22561:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         25695       12451896  [B (java.base@17.0.15)
               2:         10000         480000  org.jwsgi.server.Connection
               3:          9390         225360  java.lang.String (java.base@17.0.15)
            Total         45085       13157256
            """;

    @Test
    void readsTheLiveBytesOfEachClassAndTheTotal() {
        HeapHistogram h = HeapHistogram.parse(BEFORE);

        assertThat(h.totalBytes()).isEqualTo(2_437_272);
        assertThat(h.bytesByClass()).containsEntry("[B", 2_211_896L).containsEntry("java.lang.String", 225_360L);
        assertThat(h.instancesByClass()).containsEntry("[B", 15_695L);
    }

    @Test
    void listsTheClassesThatGrewTheMostGrownFirst() {
        HeapHistogram before = HeapHistogram.parse(BEFORE);
        HeapHistogram after = HeapHistogram.parse(AFTER);

        assertThat(after.growthOver(before)).containsExactly(
                new HeapHistogram.Growth("[B", 10_240_000, 10_000),
                new HeapHistogram.Growth("org.jwsgi.server.Connection", 480_000, 10_000));
        assertThat(IdleConnections.heapGrowth(before, after, 10_000)).isEqualTo(
                "    1.00 x    1024 B  [B\n    1.00 x      48 B  org.jwsgi.server.Connection");
    }

    @Test
    void refusesWhatIsNotAHistogram() {
        assertThatThrownBy(() -> HeapHistogram.parse("12345:\nCommand not found\n"))
                .hasMessageContaining("not a class histogram");
    }

    @Test
    void takesTheHistogramOfALiveJvm() throws IOException {
        HeapHistogram self = HeapHistogram.of(ChildServer.currentJava(), ProcessHandle.current().pid());

        assertThat(self.bytesByClass()).containsKey("java.lang.String");
        assertThat(self.totalBytes()).isPositive();
    }
}
