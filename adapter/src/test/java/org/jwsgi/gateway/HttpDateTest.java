package org.jwsgi.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HttpDateTest {

    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Test
    void formatsRfc9110sExampleAndTheEpoch() {
        assertThat(HttpDate.format(784_111_777)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(HttpDate.format(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
        assertThat(HttpDate.format(-1)).isEqualTo("Wed, 31 Dec 1969 23:59:59 GMT");
        assertThat(HttpDate.format(951_782_400)).isEqualTo("Tue, 29 Feb 2000 00:00:00 GMT");
    }

    @Test
    void agreesWithDateTimeFormatterOnRandomSecondsFrom1900To2200() {
        SplittableRandom random = new SplittableRandom(3333);
        long from = -2_208_988_800L;
        long to = 7_258_118_400L;
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(from, to);
            assertThat(HttpDate.format(second)).as("second %d", second)
                    .isEqualTo(REFERENCE.format(Instant.ofEpochSecond(second)));
        }
    }

    @Test
    void nowIsTheCurrentSecond() {
        long before = System.currentTimeMillis() / 1000;
        String now = HttpDate.now();
        long after = System.currentTimeMillis() / 1000;
        assertThat(now).isIn(HttpDate.format(before), HttpDate.format(after));
    }
}
