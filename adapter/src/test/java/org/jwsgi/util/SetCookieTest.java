package org.jwsgi.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.jwsgi.Header;
import org.jwsgi.form.Query;

class SetCookieTest {

    @Test
    void writesAttributesAsHttpCookiesDoes() {
        // CPython 3.11: "sid=abc; Domain=example.org; expires=Sun, 06 Nov 1994 08:49:37 GMT; HttpOnly; Max-Age=3600;
        //                Path=/; SameSite=Lax; Secure" (Python spells "expires" in lower case)
        SetCookie c = SetCookie.of("sid", "abc").withDomain("example.org").withExpires(Instant.ofEpochSecond(784111777))
                .withHttpOnly(true).withMaxAge(Duration.ofHours(1)).withPath("/").withSameSite(SetCookie.SameSite.LAX)
                .withSecure(true);

        assertThat(c.toHeaderValue()).isEqualTo("sid=abc; Domain=example.org; Expires=Sun, 06 Nov 1994 08:49:37 GMT; "
                + "HttpOnly; Max-Age=3600; Path=/; SameSite=Lax; Secure");
        assertThat(c.toHeader()).isEqualTo(new Header("Set-Cookie", c.toHeaderValue()));
    }

    @Test
    void writesAPlainCookieAndADeletion() {
        assertThat(SetCookie.of("a", "").toHeaderValue()).isEqualTo("a=");
        assertThat(SetCookie.of("a", "\"quoted\"").toHeaderValue()).isEqualTo("a=\"quoted\"");
        assertThat(SetCookie.expire("sid").withPath("/").toHeaderValue())
                .isEqualTo("sid=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/");
    }

    @Test
    void padsTheDayOfTheMonthAsImfFixdateRequires() {
        // DateTimeFormatter.RFC_1123_DATE_TIME would write "Mon, 5 Jan 2026": not an IMF-fixdate
        assertThat(SetCookie.of("a", "1").withExpires(Instant.parse("2026-01-05T03:04:05Z")).toHeaderValue())
                .isEqualTo("a=1; Expires=Mon, 05 Jan 2026 03:04:05 GMT");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a b   | v         | cookie name is not an RFC 6265 token (char ' ' U+0020 at 1): \"a b\"",
            "a     | x;y       | cookie a has a value RFC 6265 does not allow (char ';' U+003B at 1): \"x;y\"; encode it first (quotePlus, Base64url)",
            "a     | x y       | cookie a has a value RFC 6265 does not allow (char ' ' U+0020 at 1): \"x y\"; encode it first (quotePlus, Base64url)",
            "a     | x,y       | cookie a has a value RFC 6265 does not allow (char ',' U+002C at 1): \"x,y\"; encode it first (quotePlus, Base64url)",
            "a     | caf\u00e9 | cookie a has a value RFC 6265 does not allow (char '\u00e9' U+00E9 at 3): \"caf\u00e9\"; encode it first (quotePlus, Base64url)",
            "a     | \"x       | cookie a has a value RFC 6265 does not allow (char '\"' U+0022 at 0): \"\\\"x\"; encode it first (quotePlus, Base64url)",
    })
    void refusesNamesAndValuesThatWouldBreakTheHeader(String name, String value, String message) {
        assertThatThrownBy(() -> SetCookie.of(name, value)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void refusesControlCharactersAndAttributeSmuggling() {
        assertThatThrownBy(() -> SetCookie.of("a", "x\r\nSet-Cookie: b=1")).hasMessageContaining("(char U+000D at 1)");
        assertThatThrownBy(() -> SetCookie.of("a", "1").withPath("/; Domain=evil.example"))
                .hasMessageContaining("(char ';' U+003B at 1)");
        assertThatThrownBy(() -> SetCookie.of("a", "1").withPath("app")).hasMessageContaining("does not start with /");
        assertThatThrownBy(() -> SetCookie.of("a", "1").withDomain("evil.example; Secure"))
                .hasMessage("cookie a has a Domain that is not a host name (char ';' U+003B at 12): \"evil.example; Secure\"");
        assertThatThrownBy(() -> SetCookie.of("a", "1").withMaxAge(Duration.ofSeconds(-1)))
                .hasMessage("cookie a has a negative Max-Age PT-1S: use Duration.ZERO to delete it");
    }

    @Test
    void sameSiteNoneRequiresSecure() {
        SetCookie none = SetCookie.of("a", "1").withSameSite(SetCookie.SameSite.NONE);

        assertThatThrownBy(none::toHeaderValue).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cookie a: SameSite=None requires Secure");
        assertThat(none.withSecure(true).toHeaderValue()).isEqualTo("a=1; SameSite=None; Secure");
    }

    @Test
    void enforcesTheSecureAndHostPrefixes() {
        assertThatThrownBy(() -> SetCookie.of("__Secure-a", "1").toHeaderValue()).hasMessageContaining("__Secure- name requires Secure");
        assertThatThrownBy(() -> SetCookie.of("__Host-a", "1").withSecure(true).toHeaderValue()).hasMessageContaining("Path=/");
        assertThatThrownBy(() -> SetCookie.of("__Host-a", "1").withSecure(true).withPath("/").withDomain("example.org")
                .toHeaderValue()).hasMessageContaining("no Domain");
        assertThat(SetCookie.of("__Host-a", "1").withSecure(true).withPath("/").toHeaderValue()).isEqualTo("__Host-a=1; Path=/; Secure");
    }

    @Test
    void roundTripsThroughCookies() {
        SetCookie c = SetCookie.of("token", Query.quotePlus("a b;c")).withPath("/");

        assertThat(Cookies.parse(c.toHeaderValue().split(";")[0]).get("token")).isEqualTo("a+b%3Bc");
    }
}
