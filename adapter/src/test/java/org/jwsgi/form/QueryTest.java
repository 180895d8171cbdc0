package org.jwsgi.form;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jwsgi.util.ClientError;

/** {@link Query}: each expected value is what CPython 3.11's urllib.parse answers. */
class QueryTest {

    /** The pairs as "name=value,name=value", U+FFFD written as '?'; "" for none. */
    private static String show(List<Map.Entry<String, String>> pairs) {
        return pairs.stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")).replace('\uFFFD', '?');
    }

    @ParameterizedTest(name = "parse_qsl(\"{0}\") = {1}; keep_blank_values: {2}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            // query                  parse_qsl(q)           parse_qsl(q, keep_blank_values=True)
            "a=1&b=2&a=3            | a=1,b=2,a=3            | a=1,b=2,a=3",
            "a=&b                   | ''                     | a=,b=",
            "&&a=1&&                | a=1                    | a=1",
            "a+b=c+d                | 'a b=c d'              | 'a b=c d'",
            "name=Ren%C3%A9         | name=Ren\u00e9         | name=Ren\u00e9",
            "x=%zz&y=%4             | x=%zz,y=%4             | x=%zz,y=%4",
            "x=%E9                  | x=?                    | x=?",
            "x=%C3%28               | x=?(                   | x=?(",
            "x=%e2%82               | x=?                    | x=?",
            "=v                     | =v                     | =v",
            "a=b=c                  | a=b=c                  | a=b=c",
            "a=%2B%26%3D            | a=+&=                  | a=+&=",
            "a=1;b=2                | a=1;b=2                | a=1;b=2",
            "x=%F0%9F%98%80         | x=\uD83D\uDE00         | x=\uD83D\uDE00",
            // an encoded surrogate: CPython puts three U+FFFD, Java's decoder one (the one known difference)
            "x=%ED%A0%80            | x=?                    | x=?",
            "x=%C0%AF               | x=??                   | x=??",
            "''                     | ''                     | ''",
    })
    void parsesAsParseQslDoes(String query, String expected, String expectedKeepingBlanks) {
        assertThat(show(Query.parse(query))).isEqualTo(expected);
        assertThat(show(Query.parse(query, FormOptions.defaults().withKeepBlankValues(true)))).isEqualTo(expectedKeepingBlanks);
    }

    @Test
    void decodesInTheCharsetGiven() {
        // parse_qsl("x=%E9", encoding="latin-1") == [("x", "é")]
        assertThat(show(Query.parse("x=%E9", FormOptions.defaults().withCharset(ISO_8859_1)))).isEqualTo("x=\u00e9");
    }

    @Test
    void decodesRawBytesOfTheNativeStringInTheCharset() {
        // raw UTF-8 bytes in QUERY_STRING arrive as "cafÃ©": read as bytes, they are "café" (parse_qsl keeps the mojibake)
        assertThat(show(Query.parse("q=caf\u00c3\u00a9"))).isEqualTo("q=caf\u00e9");
        assertThatThrownBy(() -> Query.parse("q=\u20ac")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+20AC");
    }

    @ParameterizedTest(name = "strict refuses \"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "a=1&x=%zz     | malformed percent-escape \"%zz\" in field \"x=%zz\" of the query string",
            "x=ab%4        | malformed percent-escape \"%4\" in field \"x=ab%4\" of the query string",
            "%G1=v         | malformed percent-escape \"%G1\" in field \"%G1=v\" of the query string",
            "name=Ren%E9   | field \"name=Ren%E9\" of the query string is not valid UTF-8 once percent-decoded",
            "x=%ED%A0%80   | field \"x=%ED%A0%80\" of the query string is not valid UTF-8 once percent-decoded",
    })
    void strictModeRefusesMalformedInputNamingIt(String query, String message) {
        assertThatThrownBy(() -> Query.parse(query, FormOptions.defaults().withStrict(true)))
                .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.status()).isEqualTo("400 Bad Request"))
                .hasMessage(message);
    }

    @Test
    void strictModeAcceptsWellFormedInput() {
        assertThat(show(Query.parse("name=Ren%C3%A9&q=a+b", FormOptions.defaults().withStrict(true)))).isEqualTo("name=Ren\u00e9,q=a b");
    }

    @Test
    void countsFieldsAsMaxNumFieldsDoes() {
        // parse_qsl("a=1&b=2", max_num_fields=2) passes; "a=1&b=2&c=3" and "a=1&&" (3 fields, two empty) raise
        FormOptions two = FormOptions.defaults().withMaxFields(2);
        assertThat(show(Query.parse("a=1&b=2", two))).isEqualTo("a=1,b=2");
        for (String query : List.of("a=1&b=2&c=3", "a=1&&")) {
            assertThatThrownBy(() -> Query.parse(query, two)).isInstanceOfSatisfying(ClientError.class, e -> {
                assertThat(e.code()).isEqualTo(400);
                assertThat(e.limit()).isEqualTo("maxFields");
            }).hasMessage("the query string has 3 fields, more than maxFields=2");
        }
    }

    @Test
    void encodesAsUrlencodeDoes() {
        // urlencode([('a','1'),('b','x y'),('c','é&=+/~_.-*'),('d','')])
        assertThat(Query.encode(List.of(Map.entry("a", "1"), Map.entry("b", "x y"), Map.entry("c", "\u00e9&=+/~_.-*"),
                Map.entry("d", "")))).isEqualTo("a=1&b=x+y&c=%C3%A9%26%3D%2B%2F~_.-%2A&d=");
        // urlencode({'a': ['1', '2'], 'b': 'z'}, doseq=True)
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("a", List.of("1", "2"));
        fields.put("b", "z");
        assertThat(Query.encode(fields)).isEqualTo("a=1&a=2&b=z");
    }

    @Test
    void quotesAsQuotePlusDoes() {
        assertThat(Query.quotePlus("a b/c?d=\u00e9\u20ac\uD83D\uDE00")).isEqualTo("a+b%2Fc%3Fd%3D%C3%A9%E2%82%AC%F0%9F%98%80");
        assertThat(Query.quotePlus("!'()*")).isEqualTo("%21%27%28%29%2A");
        assertThat(Query.quotePlus("\u00e9", ISO_8859_1)).isEqualTo("%E9");
    }

    @Test
    void encodingThenParsingGivesTheFieldsBack() {
        List<Map.Entry<String, String>> fields = List.of(Map.entry("n a&m=e", "v+a%l\u00fc\u20ac"), Map.entry("x", "1"));

        assertThat(Query.parse(Query.encode(fields), FormOptions.defaults().withStrict(true))).isEqualTo(fields);
    }

    @Test
    void refusesANullValueNamingItsField() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("a", null);
        assertThatThrownBy(() -> Query.encode(fields)).isInstanceOf(NullPointerException.class).hasMessageContaining("\"a\"");
    }
}
