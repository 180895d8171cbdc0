package org.jwsgi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jwsgi.gateway.Ascii;

class HeaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "a\r\nSet-Cookie: x=1", "a\0b", "a\u0001b", "a\u001fb", "a\u007fb",
        "caf\u0100", "\u20ac", "snow \u2603", "\ud83d\ude00"})
    void refusesValueThatCouldSplitTheResponseOrIsNotLatin1(String value) {
        assertThatThrownBy(() -> new Header("X-Test", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X-Test")
                .hasMessageNotContaining("\r")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X Test", "X-Test:", "X\tTest", "X(Test)", "X\"Test", "X/Test", "X@Test",
        "X\u00e9", "X\r\nY", "X\0"})
    void refusesNameThatIsNotAToken(String name) {
        assertThatThrownBy(() -> new Header(name, "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "caf\u00e9", "a\tb", "\u00ff", "visible ASCII !~", " spaced "})
    void acceptsLatin1ValueWithTabsAndSpaces(String value) {
        assertThat(new Header("X-Test", value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type", "x-custom_header", "!#$%&'*+-.^_`|~09azAZ"})
    void acceptsTokenName(String name) {
        assertThat(new Header(name, "v").name()).isEqualTo(name);
    }

    @Test
    void refusesNulls() {
        assertThatNullPointerException().isThrownBy(() -> new Header(null, "v"));
        assertThatNullPointerException().isThrownBy(() -> new Header("X", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Connection", "keep-alive", "Proxy-Authenticate", "Proxy-Authorization", "TE",
        "Trailer", "Transfer-Encoding", "UPGRADE"})
    void knowsHopByHopHeaders(String name) {
        assertThat(new Header(name, "x").isHopByHop()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length", "Content-Type", "Set-Cookie", "Connection-X"})
    void knowsEndToEndHeaders(String name) {
        assertThat(new Header(name, "x").isHopByHop()).isFalse();
    }

    @Test
    void findsTheFirstHeaderOfANameInAnyCase() {
        List<Header> headers = List.of(new Header("Set-Cookie", "a=1"), new Header("set-cookie", "b=2"));
        assertThat(Header.first(headers, "SET-COOKIE")).isEqualTo("a=1");
        assertThat(Header.first(headers, "Content-Type")).isNull();
    }

    @Test
    void quotesControlCharactersSoMessagesStayOneLine() {
        assertThat(Ascii.quote("a\r\n\"\\\u0001")).isEqualTo("\"a\\r\\n\\\"\\\\\\x01\"");
        assertThat(Ascii.quote("x".repeat(300))).hasSize(200 + 2 + 3);
    }
}
