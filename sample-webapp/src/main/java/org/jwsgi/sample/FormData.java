package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jwsgi.Environ;

/**
 * The fields of an {@code application/x-www-form-urlencoded} body or of a query string, parsed
 * strictly: a {@code %} not followed by two hex digits, or bytes that are not UTF-8, are a
 * {@code 400 Bad Request} (where a lenient parser would guess). A body over {@link #MAX_BODY_BYTES}
 * is a {@code 413}; a POST with another Content-Type is a {@code 415}.
 *
 * <pre>{@code
 * FormData form = FormData.fromBody(environ);       // POST name=Ren%C3%A9&message=hi
 * form.first("name")                                 // "René"
 * FormData.fromQuery("a=1&a=2").all("a")             // ["1", "2"]
 * }</pre>
 */
public final class FormData {

    /** The largest urlencoded body read: 64 KiB, plenty for a form of a few text fields. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    static final String URLENCODED = "application/x-www-form-urlencoded";

    private final Map<String, List<String>> fields;

    private FormData(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    /** Every field, in the order of their first appearance. */
    public Map<String, List<String>> fields() {
        return Collections.unmodifiableMap(fields);
    }

    /** The first value of {@code name}, or {@code null}. */
    public String first(String name) {
        List<String> values = fields.get(name);
        return values == null ? null : values.get(0);
    }

    /** Every value of {@code name}, possibly none. */
    public List<String> all(String name) {
        return Collections.unmodifiableList(fields.getOrDefault(name, List.of()));
    }

    /** The fields of a raw {@code QUERY_STRING} (a native string: the request's bytes as ISO-8859-1). */
    public static FormData fromQuery(String query) {
        return parse(query.getBytes(ISO_8859_1), "the query string");
    }

    /**
     * Reads and parses the request body of {@code environ}.
     *
     * @throws ClientError 415 for another Content-Type or charset, 413 over {@link #MAX_BODY_BYTES},
     *     400 for malformed encoding
     */
    public static FormData fromBody(Map<String, Object> environ) throws IOException {
        String type = (String) environ.getOrDefault(Environ.CONTENT_TYPE, "");
        if (!mediaType(type).equals(URLENCODED)) {
            throw new ClientError("415 Unsupported Media Type",
                    "the form must be sent as " + URLENCODED + ", not \"" + type + "\"");
        }
        String charset = parameter(type, "charset");
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw new ClientError("415 Unsupported Media Type", "the form must be UTF-8, not charset=" + charset);
        }
        long declared = declaredLength(environ);
        if (declared > MAX_BODY_BYTES) {
            throw tooLarge(declared + " bytes");
        }
        InputStream in = (InputStream) environ.get(Environ.WSGI_INPUT);
        // one byte more than the limit tells "exactly at the limit" from "over it" (a chunked body has no length)
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge("more than " + MAX_BODY_BYTES + " bytes");
        }
        return parse(body, "the form");
    }

    /** The declared CONTENT_LENGTH, or -1 when there is none (a chunked body). */
    static long declaredLength(Map<String, Object> environ) {
        String length = (String) environ.get(Environ.CONTENT_LENGTH);
        if (length == null || length.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(length); // the server validated it; only its size matters here
        } catch (NumberFormatException e) {
            throw ClientError.badRequest("CONTENT_LENGTH is not a number: \"" + length + "\"");
        }
    }

    private static ClientError tooLarge(String size) {
        return new ClientError("413 Content Too Large",
                "the form body (" + size + ") is larger than the limit of " + MAX_BODY_BYTES + " bytes");
    }

    static FormData parse(byte[] bytes, String what) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        int start = 0;
        while (start <= bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '&') {
                end++;
            }
            if (end > start) { // empty pairs ("a=1&&b=2", a trailing "&") carry nothing: skip them
                int eq = start;
                while (eq < end && bytes[eq] != '=') {
                    eq++;
                }
                String name = decode(bytes, start, eq, what);
                String value = eq < end ? decode(bytes, eq + 1, end, what) : "";
                fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return new FormData(fields);
    }

    /** Decodes {@code +} and {@code %XX} in bytes[from, to) and reads the result as strict UTF-8. */
    private static String decode(byte[] bytes, int from, int to, String what) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                int hi = i + 2 < to ? Character.digit(bytes[i + 1], 16) : -1;
                int lo = hi >= 0 ? Character.digit(bytes[i + 2], 16) : -1;
                if (lo < 0) {
                    throw ClientError.badRequest("malformed form encoding in " + what + ": \"%\" at byte " + i
                            + " is not followed by two hex digits");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else {
                out.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw ClientError.badRequest("malformed form encoding in " + what + ": bytes " + from + " to " + to
                    + " are not valid UTF-8 once percent-decoded");
        }
    }

    /** The media type of a Content-Type value, lower case, without parameters. */
    static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The value of parameter {@code name} of a Content-Type ({@code multipart/form-data; boundary="x"}),
     * unquoted, or {@code null}.
     */
    static String parameter(String contentType, String name) {
        int i = contentType.indexOf(';');
        while (i >= 0 && i < contentType.length()) {
            int eq = contentType.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String key = contentType.substring(i + 1, eq).strip();
            int end;
            String value;
            if (eq + 1 < contentType.length() && contentType.charAt(eq + 1) == '"') {
                end = contentType.indexOf('"', eq + 2);
                if (end < 0) {
                    throw ClientError.badRequest("unterminated quoted parameter in Content-Type: \"" + contentType + "\"");
                }
                value = contentType.substring(eq + 2, end);
                end = contentType.indexOf(';', end);
            } else {
                end = contentType.indexOf(';', eq);
                value = contentType.substring(eq + 1, end < 0 ? contentType.length() : end).strip();
            }
            if (key.equalsIgnoreCase(name)) {
                return value;
            }
            i = end;
        }
        return null;
    }
}
