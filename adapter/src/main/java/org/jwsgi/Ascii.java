package org.jwsgi;

/** Character classes of RFC 9110/9112, shared by the contract checks and the parser. */
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
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
