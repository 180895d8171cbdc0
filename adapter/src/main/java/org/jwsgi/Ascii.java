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
}
