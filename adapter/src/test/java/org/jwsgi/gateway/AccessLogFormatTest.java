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

    private static RequestRecord record(String method, String target, String referer, String agent) {
        return new RequestRecord(1_700_000_000_123L, 1_234_567, "10.0.0.7", method, target, "HTTP/1.1", 201, 5, 42,
                referer, agent, "builtin", "pool", "17", "req-1", "/items/{id}", null, false);
    }

    private static String clfTimeOf(long millis) {
        long second = Math.floorDiv(millis, 1000);
        return AccessLogFormat.clfTime(second,
                java.time.ZoneId.systemDefault().getRules().getOffset(Instant.ofEpochSecond(second)).getTotalSeconds());
    }

    @Test
    void writesTheCommonAndCombinedFormats() {
        RequestRecord r = record("GET", "/a?b=\"c\"", "https://x/\\", null);
        String common = "10.0.0.7 - - [" + clfTimeOf(r.startMillis()) + "] \"GET /a?b=\\\"c\\\" HTTP/1.1\" 201 42";
        assertThat(AccessLogFormat.COMMON.format(r)).isEqualTo(common);
        assertThat(AccessLogFormat.COMBINED.format(r)).isEqualTo(common + " \"https://x/\\\\\" \"-\"");
    }

    @Test
    void writesADashForARequestRefusedBeforeItsLineAndForNoBody() {
        RequestRecord r = new RequestRecord(0, 0, "::1", "", "", "", 400, 0, 0, null, null, "builtin", "pool", "1",
                null, null, null, false);
        assertThat(AccessLogFormat.COMMON.format(r)).endsWith("] \"-\" 400 -");
    }

    @Test
    void escapesControlBytesInTheCommonFormat() {
        assertThat(AccessLogFormat.COMBINED.format(record("GET", "/", null, "a\u0001b"))).endsWith("\"a\\x01b\"");
    }

    @Test
    void writesOneJsonObjectWithTheEventsFields() {
        RequestRecord r = record("POST", "/items/7?x=1", null, "curl/8 \"q\" \u00e9");
        assertThat(AccessLogFormat.JSON.format(r)).isEqualTo("{\"time\":\"2023-11-14T22:13:20.123Z\","
                + "\"remote\":\"10.0.0.7\",\"method\":\"POST\",\"path\":\"/items/7\",\"query\":\"x=1\","
                + "\"protocol\":\"HTTP/1.1\",\"status\":201,\"bytes_in\":5,\"bytes_out\":42,\"duration_ms\":1.234,"
                + "\"backend\":\"builtin\",\"threading\":\"pool\",\"connection\":\"17\",\"request_id\":\"req-1\","
                + "\"route\":\"/items/{id}\",\"referer\":null,\"user_agent\":\"curl/8 \\\"q\\\" \\u00e9\"}");
    }

    @Test
    void parsesTheLabelsOfTheCommandLine() {
        assertThat(AccessLogFormat.parse(" JSON ")).isEqualTo(AccessLogFormat.JSON);
        assertThat(AccessLogFormat.COMBINED.label()).isEqualTo("combined");
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> AccessLogFormat.parse("xml"))
                .withMessage("unknown access log format xml (expected common, combined or json)");
    }
}
