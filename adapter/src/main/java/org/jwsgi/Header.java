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
        if (!Syntax.isToken(name)) {
            throw new IllegalArgumentException("header name is not an RFC 9110 token: " + Syntax.quote(name));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF || (c < 0x20 && c != '\t') || c == 0x7F) {
                throw new IllegalArgumentException("header " + name + " has a forbidden character "
                        + String.format("U+%04X", (int) c) + " in its value: " + Syntax.quote(value));
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
}
