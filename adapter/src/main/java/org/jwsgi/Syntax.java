package org.jwsgi;

/**
 * The two character rules the contract's own types check ({@link Header}, {@link Status}) and the
 * quoting of their error messages. The contract depends on nothing, so these are its own; the
 * servers' copy of the same rules is {@code org.jwsgi.gateway.Ascii}, and a test holds the two to
 * the same answers for every character.
 */
final class Syntax {

    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private Syntax() {
    }

    /** Whether {@code s} is a non-empty RFC 9110 token. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            if (!alnum && TCHAR_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 field-value characters: VCHAR, obs-text, SP and HTAB. */
    static boolean isFieldValueChar(int c) {
        return (c >= 0x20 && c != 0x7F && c <= 0xFF) || c == '\t';
    }

    /** {@code s} quoted for an error message: control characters escaped, cut after 200 characters. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 200) + 5).append('"');
        int limit = Math.min(s.length(), 200);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c == '\r' || c == '\n') {
                b.append(c == '\r' ? "\\r" : "\\n");
            } else if (c < 0x20 || c == 0x7F) {
                b.append(String.format("\\x%02X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(s.length() > limit ? "...\"" : "\"").toString();
    }
}
