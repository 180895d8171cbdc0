package org.jwsgi.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcTest {

    private static final String STATUS = """
            Name:\tjava
            VmPeak:\t 4523012 kB
            VmHWM:\t   61234 kB
            VmRSS:\t   51234 kB
            Threads:\t23
            """;

    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max processes             95645                95645                processes
            Max open files            20000                40000                files
            Max locked memory         8388608              8388608              bytes
            """;

    @Test
    void readsKibFieldsOfStatus() {
        assertThat(Proc.statusKib(STATUS, "VmRSS")).isEqualTo(51_234);
        assertThat(Proc.statusKib(STATUS, "VmHWM")).isEqualTo(61_234);
    }

    @Test
    void refusesAMissingFieldOrOneNotInKib() {
        assertThatThrownBy(() -> Proc.statusKib(STATUS, "VmSwap")).hasMessageContaining("no VmSwap");
        assertThatThrownBy(() -> Proc.statusKib(STATUS, "Threads")).hasMessageContaining("not in kB");
    }

    @Test
    void readsTheSoftLimitOnOpenFiles() {
        assertThat(Proc.openFilesLimit(LIMITS)).isEqualTo(20_000);
        assertThat(Proc.openFilesLimit("Max open files            unlimited            unlimited            files\n"))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void countsThePortsOfARange() {
        assertThat(Proc.localPortCount("32768\t60999\n")).isEqualTo(28_232);
    }

    @Test
    void readsThisProcess() {
        long self = ProcessHandle.current().pid();

        assertThat(Proc.statusKib(self, "VmRSS")).isPositive();
        assertThat(Proc.openFiles(self)).isPositive().isLessThan(Proc.openFilesLimit(self));
        assertThat(Proc.localPortCount()).isPositive();
    }
}
