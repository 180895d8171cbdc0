package org.jwsgi;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One response header, checked when it is made so nothing an application puts in a header can
 * split the response.
 *
 * <p>{@code name} must be an RFC 9110 token; {@code value} may hold visible characters, spaces,
 * tabs and characters U+0080 to U+00FF (sent as ISO-8859-1 bytes, as PEP 3333's native
 * strings are). CR, LF, NUL and every other control character are refused.
 *
 * <pre>{@code
 * new Header("Content-Type", "text/plain; charset=utf-8");   // fine
 * new Header("X-Evil", "a\r\nSet-Cookie: x=1");               // IllegalArgumentException
 * }</pre>
 */
public record Header(String name, String value) {

    /** Hop-by-hop headers (RFC 9110 section 7.6.1): the server frames the response, not the app. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "trailers", "transfer-encoding", "upgrade");

    public Header {
        Objects.requireNonNull(name, "header name");
        Objects.requireNonNull(value, "header value");
        if (!isToken(name)) {
            throw new IllegalArgumentException("header name is not an RFC 9110 token: " + quote(name));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF || (c < 0x20 && c != '\t') || c == 0x7F) {
                throw new IllegalArgumentException("header " + name + " has a forbidden character "
                        + String.format("U+%04X", (int) c) + " in its value: " + quote(value));
            }
        }
    }

    /** Whether this header name equals {@code other}, ignoring ASCII case. */
    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** Whether this is a hop-by-hop header, which PEP 3333 forbids applications to send. */
    public boolean isHopByHop() {
        for (String h : HOP_BY_HOP) { // no lower-cased copy of every header name an app sends
            if (h.length() == name.length() && h.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The value of the first header named {@code name} (any case), or {@code null}. */
    public static String first(List<Header> headers, String name) {
        for (Header h : headers) {
            if (h.is(name)) {
                return h.value;
            }
        }
        return null;
    }

    /** Whether {@code s} is a non-empty RFC 9110 token. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || !Ascii.isTchar(c)) {
                return false;
            }
        }
        return true;
    }

    /** Quotes {@code s} for an error message, escaping control characters so logs stay one line. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        int limit = Math.min(s.length(), 200);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        b.append(String.format("\\x%02X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        if (s.length() > limit) {
            b.append("...");
        }
        return b.append('"').toString();
    }
}
