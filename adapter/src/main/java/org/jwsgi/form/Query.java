package org.jwsgi.form;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jwsgi.gateway.Ascii;
import org.jwsgi.util.ClientError;

/**
 * Query strings and {@code application/x-www-form-urlencoded} text: {@code urllib.parse}'s
 * {@code parse_qsl}, {@code urlencode} and {@code quote_plus}. {@link Form} builds on this with
 * lookup by name and reading a request body.
 *
 * <pre>{@code
 * Query.parse("a=1&b=x+y&a=%C3%A9")                     // [a=1, b=x y, a=é]
 * Query.encode(Map.of("q", "caf\u00e9 & cr\u00e8me"))   // "q=caf%C3%A9+%26+cr%C3%A8me"
 * }</pre>
 *
 * <p>The query is a native string ({@code QUERY_STRING}: the request's bytes as ISO-8859-1), so
 * raw bytes and percent-escapes are decoded alike, in the charset. That differs from
 * {@code parse_qsl} only for raw non-ASCII bytes, which Python leaves as Latin-1 mojibake.
 */
public final class Query {

    private Query() {
    }

    /** {@code parse_qsl(query)} with {@link FormOptions#defaults()}. */
    public static List<Map.Entry<String, String>> parse(String query) {
        return parse(query, FormOptions.defaults());
    }

    /**
     * The fields of {@code query} in order, as {@code parse_qsl}: split on {@code &}, then on
     * the first {@code =}; {@code +} is a space; empty fields are skipped; blank values are kept
     * only with {@code keepBlankValues}.
     *
     * @throws ClientError 400 past {@code maxFields}, or for malformed input when {@code strict}
     * @throws IllegalArgumentException if {@code query} holds a char above U+00FF (not a native string)
     */
    public static List<Map.Entry<String, String>> parse(String query, FormOptions options) {
        return parse(nativeBytes(query), query.length(), options, options.charset(), "the query string", false);
    }

    static byte[] nativeBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                throw new IllegalArgumentException("not a native string (char U+" + String.format("%04X", (int) s.charAt(i))
                        + " at " + i + "): " + Ascii.quote(s));
            }
        }
        return s.getBytes(ISO_8859_1);
    }

    /**
     * Parses {@code b[0, len)}. {@code what} names the input in errors; {@code body} makes
     * {@code maxFields} a 413 rather than a 400.
     */
    static List<Map.Entry<String, String>> parse(byte[] b, int len, FormOptions options, Charset charset, String what,
            boolean body) {
        int fields = 0;
        for (int i = 0; i < len; i++) {
            if (b[i] == '&') {
                fields++;
            }
        }
        fields = len == 0 ? 0 : fields + 1;
        if (fields > options.maxFields()) {
            String message = what + " has " + fields + " fields, more than maxFields=" + options.maxFields();
            throw body ? ClientError.tooLarge(message, "maxFields") : new ClientError("400 Bad Request", message, "maxFields");
        }
        Decoder decoder = new Decoder(charset, options.strict(), what);
        List<Map.Entry<String, String>> out = new ArrayList<>(fields);
        for (int start = 0; start < len;) {
            int end = start;
            int eq = -1;
            while (end < len && b[end] != '&') {
                if (eq < 0 && b[end] == '=') {
                    eq = end;
                }
                end++;
            }
            if (end > start && (options.keepBlankValues() || eq >= 0 && eq + 1 < end)) {
                int nameEnd = eq < 0 ? end : eq;
                String name = decoder.decode(b, start, nameEnd, start, end);
                String value = eq < 0 ? "" : decoder.decode(b, eq + 1, end, start, end);
                out.add(Map.entry(name, value));
            }
            start = end + 1;
        }
        return out;
    }

    /** {@code urlencode(fields, doseq=True)}: an {@link Iterable} value gives one field per element. */
    public static String encode(Map<String, ?> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((name, value) -> {
            if (value instanceof Iterable<?> values) {
                values.forEach(v -> append(b, name, v));
            } else {
                append(b, name, value);
            }
        });
        return b.toString();
    }

    /** {@code urlencode(pairs)}: {@code name=value} joined by {@code &}, each {@link #quotePlus quoted}. */
    public static String encode(List<? extends Map.Entry<String, ?>> pairs) {
        StringBuilder b = new StringBuilder();
        pairs.forEach(e -> append(b, e.getKey(), e.getValue()));
        return b.toString();
    }

    private static void append(StringBuilder b, String name, Object value) {
        Objects.requireNonNull(value, () -> "the value of field \"" + name + "\"");
        if (b.length() > 0) {
            b.append('&');
        }
        b.append(quotePlus(name)).append('=').append(quotePlus(value.toString()));
    }

    /** {@code quote_plus(s)} in UTF-8. */
    public static String quotePlus(String s) {
        return quotePlus(s, StandardCharsets.UTF_8);
    }

    /**
     * {@code quote_plus(s, encoding=charset)}: {@code A-Z a-z 0-9 _ . - ~} stay, a space becomes
     * {@code +}, every other byte of {@code s} in {@code charset} becomes {@code %XX}.
     */
    public static String quotePlus(String s, Charset charset) {
        byte[] bytes = s.getBytes(charset);
        StringBuilder b = new StringBuilder(bytes.length + 8);
        for (byte x : bytes) {
            int c = x & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-'
                    || c == '~') {
                b.append((char) c);
            } else if (c == ' ') {
                b.append('+');
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return b.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();


    /** Percent- and plus-decodes byte ranges, reusing one buffer and one charset decoder. */
    private static final class Decoder {
        private final Charset charset;
        private final CharsetDecoder decoder;
        private final boolean strict;
        private final String what;
        private byte[] scratch = new byte[64];

        Decoder(Charset charset, boolean strict, String what) {
            this.charset = charset;
            this.strict = strict;
            this.what = what;
            CodingErrorAction action = strict ? CodingErrorAction.REPORT : CodingErrorAction.REPLACE;
            this.decoder = charset.newDecoder().onMalformedInput(action).onUnmappableCharacter(action);
        }

        /** Decodes {@code b[from, to)}; {@code [fieldStart, fieldEnd)} is the whole field, quoted in errors. */
        String decode(byte[] b, int from, int to, int fieldStart, int fieldEnd) {
            boolean plain = true;
            for (int i = from; i < to && plain; i++) {
                plain = b[i] >= 0 && b[i] != '%' && b[i] != '+';
            }
            if (plain) {
                return new String(b, from, to - from, ISO_8859_1); // ASCII reads the same in every allowed charset
            }
            if (scratch.length < to - from) {
                scratch = new byte[Math.max(to - from, scratch.length * 2)];
            }
            int n = 0;
            for (int i = from; i < to; i++) {
                byte c = b[i];
                if (c == '+') {
                    c = ' ';
                } else if (c == '%') {
                    int hi = i + 2 < to ? Ascii.hex(b[i + 1] & 0xFF) : -1;
                    int lo = hi >= 0 ? Ascii.hex(b[i + 2] & 0xFF) : -1;
                    if (lo >= 0) {
                        c = (byte) (hi << 4 | lo);
                        i += 2;
                    } else if (strict) {
                        throw ClientError.badRequest("malformed percent-escape "
                                + Ascii.quote(new String(b, i, Math.min(3, to - i), ISO_8859_1)) + " in field "
                                + field(b, fieldStart, fieldEnd) + " of " + what);
                    }
                }
                scratch[n++] = c;
            }
            try {
                return decoder.reset().decode(ByteBuffer.wrap(scratch, 0, n)).toString();
            } catch (CharacterCodingException e) {
                throw ClientError.badRequest("field " + field(b, fieldStart, fieldEnd) + " of " + what
                        + " is not valid " + charset.name() + " once percent-decoded");
            }
        }

        private static String field(byte[] b, int from, int to) {
            return Ascii.quote(new String(b, from, to - from, ISO_8859_1));
        }
    }
}
