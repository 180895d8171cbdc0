package org.jwsgi.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jwsgi.util.Headers.param;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jwsgi.Header;
import org.junit.jupiter.api.Test;

/** {@link Headers}: each expected value is what CPython 3.11's wsgiref.headers.Headers gives. */
class HeadersTest {

    private static Headers sample() {
        return new Headers(List.of(new Header("Content-Type", "text/plain"), new Header("X-A", "1"), new Header("x-a", "2")));
    }

    @Test
    void looksUpNamesIgnoringCase() {
        Headers h = sample();

        assertThat(h.get("X-A")).isEqualTo("1");
        assertThat(h.get("content-TYPE")).isEqualTo("text/plain");
        assertThat(h.getAll("X-a")).containsExactly("1", "2");
        assertThat(h.contains("x-A")).isTrue();
        assertThat(h.size()).isEqualTo(3);
    }

    @Test
    void answersNullOrTheFallbackForAnAbsentName() {
        assertThat(sample().get("nope")).isNull();
        assertThat(sample().get("nope", "d")).isEqualTo("d");
        assertThat(sample().getAll("nope")).isEmpty();
        assertThat(sample().contains("nope")).isFalse();
    }

    @Test
    void setReplacesEveryHeaderOfTheNameWithOneAtTheEnd() {
        Headers h = sample().set("x-a", "3");

        // python: [('Content-Type', 'text/plain'), ('x-a', '3')]
        assertThat(h.toList()).containsExactly(new Header("Content-Type", "text/plain"), new Header("x-a", "3"));
    }

    @Test
    void removeDropsEveryHeaderOfTheNameAndIgnoresAbsentOnes() {
        Headers h = sample().remove("nope").remove("CONTENT-TYPE");

        assertThat(h.toList()).containsExactly(new Header("X-A", "1"), new Header("x-a", "2"));
    }

    @Test
    void setDefaultKeepsAnExistingValueAndAddsAMissingOne() {
        Headers h = new Headers(List.of(new Header("x-a", "3")));

        assertThat(h.setDefault("X-A", "9")).isEqualTo("3");
        assertThat(h.setDefault("X-B", "9")).isEqualTo("9");
        assertThat(h.toList()).containsExactly(new Header("x-a", "3"), new Header("X-B", "9"));
    }

    @Test
    void addKeepsRepeatedHeaders() {
        Headers h = new Headers().add("Set-Cookie", "a=1").add(new Header("Set-Cookie", "b=2"));

        assertThat(h.getAll("set-cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void addWithParametersQuotesAsAddHeaderDoes() {
        Headers h = new Headers()
                .add("Content-Disposition", "attachment", param("filename", "bud.gif"))
                .add("Content-Disposition", "attachment", param("filename", "a\"b\\c.txt"))
                .add("X", null, param("foo", "bar"), param("baz"))
                .add("Cache-Control", "no-cache", param("must-revalidate"));

        assertThat(h.getAll("Content-Disposition"))
                .containsExactly("attachment; filename=\"bud.gif\"", "attachment; filename=\"a\\\"b\\\\c.txt\"");
        assertThat(h.get("X")).isEqualTo("foo=\"bar\"; baz");
        assertThat(h.get("Cache-Control")).isEqualTo("no-cache; must-revalidate");
    }

    @Test
    void writesAnEmptyParameterValueAsAnEmptyQuotedString() {
        // wsgiref writes a bare "filename" here, which RFC 6266 does not allow: a deliberate difference
        Headers h = new Headers().add("Content-Disposition", "attachment", param("filename", ""));

        assertThat(h.get("Content-Disposition")).isEqualTo("attachment; filename=\"\"");
    }

    @Test
    void formatsTheHeaderBlockAsStrDoes() {
        Headers h = new Headers().add("Content-Disposition", "attachment", param("filename", "bud.gif")).add("X", "1");

        assertThat(h.toString()).isEqualTo("Content-Disposition: attachment; filename=\"bud.gif\"\r\nX: 1\r\n\r\n");
        assertThat(new Headers().toString()).isEqualTo("\r\n");
        assertThat(new Headers().add("X", "caf\u00e9").toBytes()).isEqualTo("X: caf\u00e9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(h.names()).containsExactly("Content-Disposition", "X");
    }

    @Test
    void refusesAValueThatWouldSplitTheResponseAndKeepsTheOldOne() {
        Headers h = new Headers().add("X-A", "1");

        assertThatThrownBy(() -> h.set("X-A", "a\r\nSet-Cookie: x=1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+000D");
        assertThatThrownBy(() -> h.add("Content-Disposition", "attachment", param("filename", "a\nb")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+000A");
        assertThatThrownBy(() -> param("file name", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"file name\"");
        assertThat(h.get("X-A")).isEqualTo("1");
    }

    @Test
    void toListIsACopyTheCallerCannotChange() {
        Headers h = new Headers().add("X-A", "1");
        List<Header> list = h.toList();
        h.add("X-B", "2");

        assertThat(list).hasSize(1);
        assertThatThrownBy(() -> list.add(new Header("Y", "1"))).isInstanceOf(UnsupportedOperationException.class);
    }
}
