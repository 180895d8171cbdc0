package org.jwsgi.form;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jwsgi.Environ;
import org.jwsgi.gateway.Ascii;
import org.jwsgi.util.ClientError;

/**
 * What {@link Form} and {@link Multipart} need from the request's headers: the media type and
 * parameters of a {@code Content-Type} or {@code Content-Disposition}, {@code CONTENT_LENGTH},
 * and charsets a form may be decoded with.
 */
final class ContentTypes {

    private static final String PROBE = "&=+%;azAZ09-_.*";

    private ContentTypes() {
    }

    /** The media type of {@code value}, lower case, without parameters: {@code "form-data"}. */
    static String mediaType(String value) {
        int semi = value.indexOf(';');
        return (semi < 0 ? value : value.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The parameters of {@code value} (after its media type), names in lower case, values
     * unquoted as Python's {@code cgi.parse_header} does: inside quotes {@code \\} and {@code \"}
     * stand for {@code \} and {@code "}, any other backslash stays (so {@code "C:\dir\f.txt"},
     * which old browsers sent, keeps its backslashes). A parameter without {@code =} is ignored.
     *
     * @throws ClientError 400 for a quoted value without its closing quote
     */
    static Map<String, String> parameters(String value) {
        Map<String, String> params = new LinkedHashMap<>();
        int i = value.indexOf(';');
        int n = value.length();
        while (i >= 0 && i < n) {
            int start = i + 1;
            int end = start;
            StringBuilder v = null;
            int eq = -1;
            while (end < n && value.charAt(end) != ';') {
                char c = value.charAt(end);
                if (c == '=' && eq < 0) {
                    eq = end;
                    int q = end + 1;
                    while (q < n && (value.charAt(q) == ' ' || value.charAt(q) == '\t')) {
                        q++;
                    }
                    if (q < n && value.charAt(q) == '"') {
                        v = new StringBuilder();
                        end = unquote(value, q + 1, v);
                        continue;
                    }
                }
                end++;
            }
            if (eq > 0) {
                String name = value.substring(start, eq).strip().toLowerCase(Locale.ROOT);
                String val = v != null ? v.toString() : value.substring(eq + 1, end).strip();
                params.putIfAbsent(name, val);
            }
            i = end;
        }
        return params;
    }

    /** Appends the quoted string starting after its opening quote at {@code from}; returns the index after the closing one. */
    private static int unquote(String s, int from, StringBuilder out) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '\\' || s.charAt(i + 1) == '"')) {
                c = s.charAt(++i);
            }
            out.append(c);
        }
        throw ClientError.badRequest("a quoted parameter has no closing quote in " + Ascii.quote(s));
    }

    /**
     * The request's {@code CONTENT_LENGTH}, or -1 when there is none.
     *
     * @throws ClientError 400 when it is not a number
     */
    static long contentLength(Map<String, Object> environ) {
        Object length = environ.get(Environ.CONTENT_LENGTH);
        if (length == null || length.toString().isEmpty()) {
            return -1;
        }
        String s = length.toString().strip();
        if (!s.matches("\\d{1,18}")) {
            throw ClientError.badRequest("CONTENT_LENGTH is not a number: \"" + length + "\"");
        }
        return Long.parseLong(s);
    }

    /**
     * The charset {@code name} names, if Java knows it and it writes ASCII as ASCII (the form
     * syntax is read as ASCII bytes: UTF-16 cannot be split on {@code &}).
     *
     * @throws ClientError 415 otherwise, naming where the name came from
     */
    static Charset charset(String name, String where) {
        Charset cs = null;
        try {
            cs = Charset.forName(name.strip());
        } catch (IllegalArgumentException e) {
            // unknown or illegal name: refused below
        }
        if (cs == null || !asciiCompatible(cs)) {
            throw ClientError.unsupported("the charset " + where + " names is not one this server decodes: \"" + name + "\"");
        }
        return cs;
    }

    static boolean asciiCompatible(Charset cs) {
        return cs.canEncode() && Arrays.equals(PROBE.getBytes(cs), PROBE.getBytes(StandardCharsets.US_ASCII));
    }
}
