package org.jwsgi.util;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jwsgi.Header;
import org.jwsgi.gateway.Ascii;
import org.jwsgi.gateway.HttpDate;

/**
 * A {@code Set-Cookie} response header (RFC 6265 section 4.1), checked so that nothing in it can
 * break the header: a name that is not a token, a value with a character outside RFC 6265's
 * cookie-octets ({@code ; , " \} space, controls, non-ASCII), or a Domain or Path that could
 * smuggle an attribute is an {@link IllegalArgumentException} naming the character.
 *
 * <pre>{@code
 * SetCookie sid = SetCookie.of("sid", token).withPath("/").withHttpOnly(true).withSecure(true)
 *         .withSameSite(SetCookie.SameSite.LAX).withMaxAge(Duration.ofHours(1));
 * headers.add(sid.toHeader());   // Set-Cookie: sid=...; HttpOnly; Max-Age=3600; Path=/; SameSite=Lax; Secure
 * headers.add(SetCookie.expire("old").withPath("/").toHeader());
 * }</pre>
 *
 * <p>Attributes are written in the order CPython 3.11's {@code http.cookies} writes them, so
 * the two give the same header (save {@code Expires}, which Python spells {@code expires}).
 * {@code null} leaves an attribute out. A value that may hold other characters must be encoded
 * first ({@code org.jwsgi.form.Query.quotePlus}, Base64url).
 *
 * @param maxAge whole seconds are sent; {@link Duration#ZERO} deletes the cookie
 * @param expires sent as an IMF-fixdate ({@code Sun, 06 Nov 1994 08:49:37 GMT})
 */
public record SetCookie(String name, String value, Duration maxAge, Instant expires, String domain, String path,
        boolean secure, boolean httpOnly, SameSite sameSite) {

    /** The {@code SameSite} attribute; {@link #NONE} requires {@code Secure}. */
    public enum SameSite {
        STRICT("Strict"), LAX("Lax"), NONE("None");

        private final String text;

        SameSite(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }


    public SetCookie {
        Objects.requireNonNull(name, "cookie name");
        Objects.requireNonNull(value, "cookie value");
        if (!Ascii.isToken(name)) {
            throw new IllegalArgumentException("cookie name is not an RFC 6265 token" + badChar(name, SetCookie::tchar)
                    + ": " + Ascii.quote(name));
        }
        String bare = value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
        String bad = badChar(bare, SetCookie::cookieOctet);
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("cookie " + name + " has a value RFC 6265 does not allow" + bad + ": "
                    + Ascii.quote(value) + "; encode it first (quotePlus, Base64url)");
        }
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("cookie " + name + " has a negative Max-Age " + maxAge + ": use Duration.ZERO to delete it");
        }
        if (domain != null && (domain.isEmpty() || !badChar(domain, SetCookie::hostChar).isEmpty())) {
            throw new IllegalArgumentException("cookie " + name + " has a Domain that is not a host name"
                    + badChar(domain, SetCookie::hostChar) + ": " + Ascii.quote(domain));
        }
        if (path != null && (!path.startsWith("/") || !badChar(path, c -> c >= 0x20 && c < 0x7F && c != ';').isEmpty())) {
            throw new IllegalArgumentException("cookie " + name + " has a Path that does not start with / or holds ; or a "
                    + "control or non-ASCII character" + badChar(path, c -> c >= 0x20 && c < 0x7F && c != ';') + ": "
                    + Ascii.quote(path));
        }
    }

    /** {@code name=value} with no attribute: a session cookie for the current host and path. */
    public static SetCookie of(String name, String value) {
        return new SetCookie(name, value, null, null, null, null, false, false, null);
    }

    /**
     * A header that deletes cookie {@code name}: empty value, {@code Max-Age=0} and an
     * {@code Expires} in 1970. Give it the Path and Domain the cookie was set with.
     */
    public static SetCookie expire(String name) {
        return new SetCookie(name, "", Duration.ZERO, Instant.EPOCH, null, null, false, false, null);
    }

    public SetCookie withValue(String value) {
        return new SetCookie(name, value, maxAge, expires, domain, path, secure, httpOnly, sameSite);
    }

    public SetCookie withMaxAge(Duration maxAge) {
        return new SetCookie(name, value, maxAge, expires, domain, path, secure, httpOnly, sameSite);
    }

    public SetCookie withExpires(Instant expires) {
        return new SetCookie(name, value, maxAge, expires, domain, path, secure, httpOnly, sameSite);
    }

    public SetCookie withDomain(String domain) {
        return new SetCookie(name, value, maxAge, expires, domain, path, secure, httpOnly, sameSite);
    }

    public SetCookie withPath(String path) {
        return new SetCookie(name, value, maxAge, expires, domain, path, secure, httpOnly, sameSite);
    }

    public SetCookie withSecure(boolean secure) {
        return new SetCookie(name, value, maxAge, expires, domain, path, secure, httpOnly, sameSite);
    }

    public SetCookie withHttpOnly(boolean httpOnly) {
        return new SetCookie(name, value, maxAge, expires, domain, path, secure, httpOnly, sameSite);
    }

    public SetCookie withSameSite(SameSite sameSite) {
        return new SetCookie(name, value, maxAge, expires, domain, path, secure, httpOnly, sameSite);
    }

    /**
     * The header's value. Rules that tie attributes together are checked here, once all are set:
     * {@code SameSite=None} needs {@code Secure} (browsers drop the cookie otherwise); a
     * {@code __Secure-} name needs {@code Secure}; a {@code __Host-} name needs {@code Secure},
     * {@code Path=/} and no {@code Domain} (RFC 6265bis).
     *
     * @throws IllegalArgumentException when one of those rules is broken
     */
    public String toHeaderValue() {
        if (sameSite == SameSite.NONE && !secure) {
            throw new IllegalArgumentException("cookie " + name + ": SameSite=None requires Secure");
        }
        if (name.startsWith("__Secure-") && !secure || name.startsWith("__Host-") && (!secure || !"/".equals(path) || domain != null)) {
            throw new IllegalArgumentException("cookie " + name + ": a __Secure- name requires Secure; a __Host- name requires "
                    + "Secure, Path=/ and no Domain");
        }
        StringBuilder b = new StringBuilder(64).append(name).append('=').append(value);
        if (domain != null) {
            b.append("; Domain=").append(domain);
        }
        if (expires != null) {
            b.append("; Expires=").append(HttpDate.format(expires.getEpochSecond()));
        }
        if (httpOnly) {
            b.append("; HttpOnly");
        }
        if (maxAge != null) {
            b.append("; Max-Age=").append(maxAge.toSeconds());
        }
        if (path != null) {
            b.append("; Path=").append(path);
        }
        if (sameSite != null) {
            b.append("; SameSite=").append(sameSite);
        }
        if (secure) {
            b.append("; Secure");
        }
        return b.toString();
    }

    /** {@code Set-Cookie: }{@link #toHeaderValue()}, for {@code start_response} or {@link Headers#add(Header)}. */
    public Header toHeader() {
        return new Header("Set-Cookie", toHeaderValue());
    }

    private interface CharTest {
        boolean ok(char c);
    }

    /** " (char ';' U+003B at 3)" for the first char of {@code s} failing {@code test}, or "". */
    private static String badChar(String s, CharTest test) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!test.ok(c)) {
                String shown = c < 0x20 || c == 0x7F ? "" : "'" + c + "' ";
                return " (char " + shown + String.format("U+%04X", (int) c) + " at " + i + ")";
            }
        }
        return "";
    }

    private static boolean tchar(char c) {
        return c < 0x80 && Ascii.isToken(String.valueOf(c));
    }

    private static boolean hostChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.';
    }

    /** RFC 6265: %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E. */
    private static boolean cookieOctet(char c) {
        return c >= 0x21 && c <= 0x7E && c != '"' && c != ',' && c != ';' && c != '\\';
    }
}
