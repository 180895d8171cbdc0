package org.jwsgi.gateway;

/**
 * The character rules of HTTP (RFC 9110 and 9112) that parsers and helpers share: tokens, field
 * values, lengths, hex digits, and quoting client input for an error message.
 *
 * <pre>{@code
 * Ascii.isToken("X-Request-Id");        // true
 * Ascii.parseLength("0x10");            // -1: not a Content-Length
 * Ascii.quote("a\r\nb");                // "\"a\\r\\nb\"": one line in a log
 * }</pre>
 */
public final class Ascii {

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private Ascii() {
    }

    /** RFC 9110 {@code tchar}: the characters of a token (method, header name). */
    public static boolean isTchar(int c) {
        return c >= 0 && c < 128 && TCHAR[c];
    }

    /** Whether {@code s} is a non-empty RFC 9110 token: a method, a header or parameter name. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 field-value characters: VCHAR, obs-text, SP and HTAB. */
    public static boolean isFieldValueChar(int c) {
        return (c >= 0x20 && c != 0x7F && c <= 0xFF) || c == '\t';
    }

    /**
     * Parses a Content-Length: 1 to 18 ASCII digits, nothing else (no sign, space, hex); 18 digits
     * never overflow a long.
     *
     * @return the length, or -1 if {@code s} is not one
     */
    public static long parseLength(String s) {
        return s.length() > 18 ? -1 : digits(s);
    }

    /**
     * A non-empty run of ASCII digits as a number, saturating at {@code Long.MAX_VALUE} (a byte
     * range past any file); -1 for anything else.
     */
    public static long digits(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : n * 10 + (c - '0');
        }
        return n;
    }

    /** The value of the hex digit {@code c} ({@code 0-9 a-f A-F}), or -1. */
    public static int hex(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /**
     * {@code s} in double quotes for an error message or a log line: CR, LF, quotes and
     * backslashes escaped, other control characters as {@code \xNN}, cut after 200 characters, so
     * whatever a client sent stays on one line and cannot forge another.
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 200) + 5).append('"');
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
