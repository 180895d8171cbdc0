package org.jwsgi.util;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jwsgi.gateway.Ascii;

/**
 * Reads the {@code Cookie} request header ({@code HTTP_COOKIE}) as browsers send it (RFC 6265
 * section 5.4); {@link SetCookie} builds the response side.
 *
 * <pre>{@code
 * Map<String, String> cookies = Cookies.fromEnviron(environ);   // Cookie: sid=abc; theme="dark"
 * cookies.get("sid")                                            // "abc"
 * cookies.get("theme")                                          // "dark"
 * }</pre>
 *
 * <p>Lenient but safe: pairs are split on {@code ;} and trimmed; a piece without {@code =}, with
 * a name that is not a token, or with a control character is skipped <em>alone</em> (Python's
 * {@code SimpleCookie} drops the whole header then, so one odd cookie set by another app on the
 * domain hides all of yours). A value in double quotes loses them, with {@code \"}, {@code \\}
 * and {@code \ooo} octal escapes undone as {@code SimpleCookie} does (Python writes such values).
 * Other characters, {@code ,} and bytes above 0x7F included, are kept: values are native strings.
 * When a name repeats the <em>first</em> wins (browsers send the most specific path first);
 * {@code SimpleCookie} keeps the last.
 */
public final class Cookies {

    private Cookies() {
    }

    /** The cookies of the request's {@code HTTP_COOKIE}; empty when it has none. */
    public static Map<String, String> fromEnviron(Map<String, Object> environ) {
        Object header = environ.get("HTTP_COOKIE");
        return header == null ? Map.of() : parse(header.toString());
    }

    /** Name to value, in order; the first of a repeated name wins. Unmodifiable. */
    public static Map<String, String> parse(String header) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : parseAll(header)) {
            cookies.putIfAbsent(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(cookies);
    }

    /** Every well-formed pair, in order, repeats included. */
    public static List<Map.Entry<String, String>> parseAll(String header) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (String piece : header.split(";")) {
            int eq = piece.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = piece.substring(0, eq).strip();
            String value = piece.substring(eq + 1).strip();
            if (!Ascii.isToken(name) || hasControl(value)) {
                continue;
            }
            if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                value = unquote(value.substring(1, value.length() - 1));
            }
            out.add(Map.entry(name, value));
        }
        return out;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** {@code http.cookies._unquote} without its quotes: {@code \ooo} (first digit 0-3) is an octal byte, {@code \x} is x. */
    static String unquote(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                b.append(c);
            } else if (i + 3 < s.length() && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '3' && isOctal(s.charAt(i + 2))
                    && isOctal(s.charAt(i + 3))) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(s.charAt(++i));
            }
        }
        return b.toString();
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }
}
