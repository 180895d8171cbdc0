package org.jwsgi.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonTest {

    static Stream<Arguments> valuesAndJson() {
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("z", 1);
        ordered.put("a", null);
        return Stream.of(
                Arguments.of(null, "null"),
                Arguments.of(true, "true"),
                Arguments.of(-7, "-7"),
                Arguments.of(Long.MAX_VALUE, "9223372036854775807"),
                Arguments.of((short) 3, "3"),
                Arguments.of((byte) -1, "-1"),
                Arguments.of("", "\"\""),
                Arguments.of(List.of(), "[]"),
                Arguments.of(Map.of(), "{}"),
                Arguments.of(Map.of("a", List.of(1, true)), "{\"a\":[1,true]}"),
                Arguments.of(ordered, "{\"z\":1,\"a\":null}"),
                Arguments.of(new TreeMap<>(Map.of(2, "b", 1, "a")), "{\"1\":\"a\",\"2\":\"b\"}"),
                Arguments.of(Set.of(List.of(Map.of("k", "v"))), "[[{\"k\":\"v\"}]]"),
                Arguments.of(Arrays.asList("x", null), "[\"x\",null]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("valuesAndJson")
    void writesValue(Object value, String json) {
        assertThat(Json.write(value)).isEqualTo(json);
    }

    static Stream<Arguments> stringsAndEscapes() {
        return Stream.of(
                Arguments.of("\"", "\\\""),
                Arguments.of("\\", "\\\\"),
                Arguments.of("\n\r\t\b\f", "\\n\\r\\t\\b\\f"),
                Arguments.of("\0", "\\u0000"),
                Arguments.of("\u0001", "\\u0001"),
                Arguments.of("\u001f", "\\u001f"),
                Arguments.of("\u007f", "\\u007f"),
                Arguments.of("\u00e9", "\\u00e9"),
                Arguments.of("\u20ac", "\\u20ac"),
                Arguments.of("\ud83d\ude00", "\\ud83d\\ude00"),
                Arguments.of("/ ~<>&'", "/ ~<>&'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("stringsAndEscapes")
    void escapesStringsToPrintableAscii(String s, String escaped) {
        assertThat(Json.write(s)).isEqualTo('"' + escaped + '"');
    }

    @Test
    void writesOnlyPrintableAsciiForEveryChar() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            all.append(c);
        }
        String json = Json.write(all.toString());
        assertThat(json.chars()).allMatch(c -> c >= 0x20 && c <= 0x7E);
    }

    @Test
    void refusesTypesItCannotWrite() {
        assertThatIllegalArgumentException().isThrownBy(() -> Json.write(1.5)).withMessageContaining("java.lang.Double");
        assertThatIllegalArgumentException().isThrownBy(() -> Json.write(new ArrayList<>(List.of(new Object()))))
                .withMessageContaining("java.lang.Object");
    }
}
