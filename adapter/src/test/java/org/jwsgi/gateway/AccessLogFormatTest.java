package org.jwsgi.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {

    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    @Test
    void formatsTheCommonLogFormatTimeInTheGivenOffset() {
        assertThat(AccessLogFormat.clfTime(784_111_777, 0)).isEqualTo("06/Nov/1994:08:49:37 +0000");
        assertThat(AccessLogFormat.clfTime(784_111_777, -5 * 3600)).isEqualTo("06/Nov/1994:03:49:37 -0500");
        assertThat(AccessLogFormat.clfTime(784_111_777, 5 * 3600 + 1800)).isEqualTo("06/Nov/1994:14:19:37 +0530");
    }

    @Test
    void agreesWithDateTimeFormatterOnRandomSecondsAndOffsets() {
        SplittableRandom random = new SplittableRandom(1994);
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(0, 4_102_444_800L);
            int offset = random.nextInt(-12 * 4, 14 * 4 + 1) * 900;
            String expected = CLF.format(Instant.ofEpochSecond(second).atOffset(ZoneOffset.ofTotalSeconds(offset)));
            assertThat(AccessLogFormat.clfTime(second, offset)).as("second %d offset %d", second, offset).isEqualTo(expected);
        }
    }
}
