package org.jwsgi.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** {@link Cookies}: where CPython 3.11's SimpleCookie parses the header, it gives the same cookies. */
class CookiesTest {

    /** A Cookie header, the cookies we read ("a=1,b=2"), and what SimpleCookie reads ("ALL DROPPED" when it gives up). */
    record Case(String header, String expected, String python) {
    }

    static List<Case> cases() {
        return List.of(
                new Case("a=1; b=2", "a=1,b=2", "a=1,b=2"),
                new Case("a=1;b=2", "a=1,b=2", "a=1,b=2"),
                new Case(" a = 1 ; b=\"x y\" ", "a=1,b=x y", "a=1,b=x y"),
                new Case("sid=abc; theme=dark; lang=fr-CA", "sid=abc,theme=dark,lang=fr-CA", "sid=abc,theme=dark,lang=fr-CA"),
                new Case("a=\"q\\\"x\"", "a=q\"x", "a=q\"x"),
                new Case("a=\"a\\073b\"", "a=a;b", "a=a;b"),
                new Case("a=\"\\400\"", "a=400", "a=400"),
                new Case("a=1,b=2", "a=1,b=2", "a=1,b=2"), // one cookie "a" whose value is "1,b=2", in both
                new Case("a=1; a=2", "a=1", "a=2"),
                new Case("a=1; bad name=2; c=3", "a=1,c=3", "ALL DROPPED"),
                new Case("a=1; b; c=3", "a=1,c=3", "ALL DROPPED"),
                new Case("=x; y=1", "y=1", "ALL DROPPED"),
                new Case("a=\"1", "a=\"1", "ALL DROPPED"),
                new Case("a=caf\u00c3\u00a9", "a=caf\u00c3\u00a9", "ALL DROPPED"),
                new Case("a=1\u0001; b=2", "b=2", "ALL DROPPED"),
                new Case("", "", ""));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void readsCookiesAsBrowsersSendThem(Case c) {
        String got = Cookies.parse(c.header()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));

        assertThat(got).isEqualTo(c.expected());
    }

    @Test
    void keepsEveryPairInParseAll() {
        assertThat(Cookies.parseAll("a=1; a=2; b=3")).containsExactly(Map.entry("a", "1"), Map.entry("a", "2"), Map.entry("b", "3"));
    }

    @Test
    void readsHttpCookieFromTheEnviron() {
        assertThat(Cookies.fromEnviron(Map.of("HTTP_COOKIE", "sid=abc"))).containsExactly(Map.entry("sid", "abc"));
        assertThat(Cookies.fromEnviron(Map.of())).isEmpty();
    }
}
