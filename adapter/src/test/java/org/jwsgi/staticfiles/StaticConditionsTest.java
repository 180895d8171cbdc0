package org.jwsgi.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StaticConditionsTest {

    private static final String ETAG = "\"a-1\"";
    private static final long MODIFIED = 1_700_000_000L; // Tue, 14 Nov 2023 22:13:20 GMT

    @ParameterizedTest(name = "{0} of 10 bytes -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "bytes=0-0          | 0-0",
            "bytes=2-5          | 2-5",
            "bytes=2-           | 2-9",
            "bytes=-3           | 7-9",
            "bytes=-30          | 0-9",
            "bytes=5-100        | 5-9",
            "BYTES = 1-2        | NULL",
            "Bytes=1-2          | 1-2",
            "bytes= 1 - 2       | 1-2",
            "bytes=9-9          | 9-9",
            "bytes=99999999999999999999999-  | 416",
            "bytes=1-99999999999999999999999 | 1-9",
            "bytes=10-          | 416",
            "bytes=10-20        | 416",
            "bytes=-0           | 416",
            "bytes=5-2          | NULL",
            "bytes=0-1,4-5      | NULL",
            "bytes=a-b          | NULL",
            "bytes=-            | NULL",
            "bytes=1            | NULL",
            "items=0-1          | NULL",
            "bytes=+1-2         | NULL",
            "bytes=-1-2         | NULL",
    })
    void parsesOneRangeClippedToTheFile(String header, String expected) {
        long[] r = StaticConditions.range(header, 10);
        String got = r == null ? null : r == StaticConditions.UNSATISFIABLE ? "416" : r[0] + "-" + r[1];
        assertThat(got).as(Arrays.toString(r)).isEqualTo(expected);
    }

    @Test
    void anyRangeOfAnEmptyFileIsUnsatisfiable() {
        assertThat(StaticConditions.range("bytes=0-", 0)).isSameAs(StaticConditions.UNSATISFIABLE);
        assertThat(StaticConditions.range("bytes=-5", 0)).isSameAs(StaticConditions.UNSATISFIABLE);
    }

    @ParameterizedTest(name = "If-None-Match {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"a-1\"                | true",
            "W/\"a-1\"              | true",
            "\"x\", \"a-1\"         | true",
            "\"x\",W/\"a-1\"        | true",
            "*                      | true",
            "\"x\"                  | false",
            "\"a-1-gzip\"           | false",
            "a-1                    | false",
    })
    void ifNoneMatchComparesWeaklyAndAcceptsListsAndStar(String ifNoneMatch, boolean expected) {
        assertThat(StaticConditions.notModified(ifNoneMatch.strip(), null, ETAG, MODIFIED)).isEqualTo(expected);
    }

    @Test
    void ifModifiedSinceCountsOnlyWithoutIfNoneMatch() {
        String same = "Tue, 14 Nov 2023 22:13:20 GMT";
        String earlier = "Tue, 14 Nov 2023 22:13:19 GMT";
        assertThat(StaticConditions.notModified(null, same, ETAG, MODIFIED)).isTrue();
        assertThat(StaticConditions.notModified(null, earlier, ETAG, MODIFIED)).isFalse();
        assertThat(StaticConditions.notModified(null, "yesterday", ETAG, MODIFIED)).isFalse();
        assertThat(StaticConditions.notModified("\"other\"", same, ETAG, MODIFIED)).isFalse();
    }

    @Test
    void ifRangeNeedsAStrongTagMatchOrTheExactDate() {
        assertThat(StaticConditions.ifRangeHolds(null, ETAG, MODIFIED)).isTrue();
        assertThat(StaticConditions.ifRangeHolds(ETAG, ETAG, MODIFIED)).isTrue();
        assertThat(StaticConditions.ifRangeHolds("W/" + ETAG, ETAG, MODIFIED)).isFalse();
        assertThat(StaticConditions.ifRangeHolds("\"old\"", ETAG, MODIFIED)).isFalse();
        assertThat(StaticConditions.ifRangeHolds("Tue, 14 Nov 2023 22:13:20 GMT", ETAG, MODIFIED)).isTrue();
        assertThat(StaticConditions.ifRangeHolds("Tue, 14 Nov 2023 22:13:21 GMT", ETAG, MODIFIED)).isFalse();
        assertThat(StaticConditions.ifRangeHolds("garbage", ETAG, MODIFIED)).isFalse();
    }

    @Test
    void writesDatesAsImfFixdatesWithATwoDigitDayAndReadsBothForms() {
        long march1 = 1_709_294_400L; // 2024-03-01T12:00:00Z
        assertThat(org.jwsgi.gateway.HttpDate.format(march1)).isEqualTo("Fri, 01 Mar 2024 12:00:00 GMT");
        assertThat(StaticConditions.parseDate("Fri, 01 Mar 2024 12:00:00 GMT")).isEqualTo(march1);
        assertThat(StaticConditions.parseDate("Fri, 1 Mar 2024 12:00:00 GMT")).isEqualTo(march1);
    }
}
