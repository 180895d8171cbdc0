package org.jwsgi.form;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jwsgi.Environ;
import org.jwsgi.gateway.Ascii;
import org.jwsgi.util.ClientError;

/**
 * The fields of a query string or of an {@code application/x-www-form-urlencoded} body: an
 * immutable, ordered multi-map of names to string values. Parsing is {@link Query#parse}'s
 * ({@code parse_qsl}); reading a body honours {@code CONTENT_LENGTH} and {@link FormOptions}'
 * limits, and a {@code charset} parameter or a {@code _charset_} field (HTML's way to say which
 * charset the browser used).
 *
 * <pre>{@code
 * Form query = Form.fromQuery(environ);                          // ?page=2&tag=a&tag=b
 * query.first("page")                                            // "2"
 * query.all("tag")                                               // ["a", "b"]
 * Form posted = Form.fromBody(environ, FormOptions.defaults().withStrict(true));
 * }</pre>
 *
 * @see ClientError for what to answer when parsing fails: 400, 413 or 415
 */
public final class Form implements Iterable<Map.Entry<String, String>> {

    static final String URLENCODED = "application/x-www-form-urlencoded";
    private static final String CHARSET_FIELD = "_charset_";

    private final List<Map.Entry<String, String>> pairs;
    private final Map<String, List<String>> byName;

    private Form(List<Map.Entry<String, String>> pairs) {
        this.pairs = List.copyOf(pairs);
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : this.pairs) {
            m.computeIfAbsent(e.getKey(), k -> new ArrayList<>(1)).add(e.getValue());
        }
        m.replaceAll((k, v) -> Collections.unmodifiableList(v));
        this.byName = Collections.unmodifiableMap(m);
    }

    /** A form holding {@code pairs}, in their order. */
    public static Form of(List<? extends Map.Entry<String, String>> pairs) {
        List<Map.Entry<String, String>> copy = new ArrayList<>(pairs.size());
        pairs.forEach(e -> copy.add(Map.entry(e.getKey(), e.getValue())));
        return new Form(copy);
    }

    /** The fields of a query string, with {@link FormOptions#defaults()}. */
    public static Form parse(String query) {
        return parse(query, FormOptions.defaults());
    }

    /**
     * The fields of a query string (a native string), as {@link Query#parse(String, FormOptions)},
     * decoded in the charset a {@code _charset_} field names if there is one.
     */
    public static Form parse(String query, FormOptions options) {
        byte[] b = Query.nativeBytes(query);
        return new Form(Query.parse(b, b.length, options, charset(b, b.length, null, options), "the query string", false));
    }

    /** The fields of the request's {@code QUERY_STRING}, with {@link FormOptions#defaults()}. */
    public static Form fromQuery(Map<String, Object> environ) {
        return fromQuery(environ, FormOptions.defaults());
    }

    /** The fields of the request's {@code QUERY_STRING}. */
    public static Form fromQuery(Map<String, Object> environ, FormOptions options) {
        Object query = environ.get(Environ.QUERY_STRING);
        return parse(query == null ? "" : query.toString(), options);
    }

    /** Reads the urlencoded request body with {@link FormOptions#defaults()}. */
    public static Form fromBody(Map<String, Object> environ) throws IOException {
        return fromBody(environ, FormOptions.defaults());
    }

    /**
     * Reads and parses the request body: exactly {@code CONTENT_LENGTH} bytes; without one, to
     * the end of {@code wsgi.input} when {@code wsgi.input_terminated} says it ends there, else
     * nothing (PEP 3333: an app must not read past CONTENT_LENGTH).
     *
     * @throws ClientError 415 if CONTENT_TYPE is not {@code application/x-www-form-urlencoded} or
     *     names a charset this JVM cannot decode; 413 past {@code maxBytes} (before reading when
     *     CONTENT_LENGTH says so) or {@code maxFields}; 400 for a body shorter than its
     *     CONTENT_LENGTH or, with {@code strict}, malformed encoding
     * @throws IOException if reading {@code wsgi.input} fails
     */
    public static Form fromBody(Map<String, Object> environ, FormOptions options) throws IOException {
        Object type = environ.get(Environ.CONTENT_TYPE);
        if (type == null || !ContentTypes.mediaType(type.toString()).equals(URLENCODED)) {
            throw ClientError.unsupported("a form must be sent as " + URLENCODED + ", not "
                    + (type == null ? "without a Content-Type" : Ascii.quote(type.toString())));
        }
        String declared = ContentTypes.parameters(type.toString()).get("charset");
        Charset charset = declared == null ? null : ContentTypes.charset(declared, "the Content-Type");
        byte[] body = readBody(environ, options.maxBytes(), "the form body");
        return new Form(Query.parse(body, body.length, options, charset(body, body.length, charset, options), "the form body", true));
    }

    /** The request body, at most {@code max} bytes (else 413 naming {@code maxBytes}). */
    static byte[] readBody(Map<String, Object> environ, long max, String what) throws IOException {
        long length = ContentTypes.contentLength(environ);
        if (length > max) {
            throw ClientError.tooLarge(what + " (" + length + " bytes) is larger than maxBytes=" + max, "maxBytes");
        }
        InputStream in = (InputStream) environ.get(Environ.WSGI_INPUT);
        if (in == null || length == 0) {
            return new byte[0];
        }
        if (length > 0) {
            byte[] body = in.readNBytes((int) length);
            if (body.length < length) {
                throw ClientError.badRequest(what + " ended after " + body.length + " of the " + length
                        + " bytes CONTENT_LENGTH announced");
            }
            return body;
        }
        if (!Boolean.TRUE.equals(environ.get(Environ.WSGI_INPUT_TERMINATED))) {
            return new byte[0];
        }
        // one byte more than the limit tells "exactly at the limit" from "over it"
        byte[] body = in.readNBytes((int) max + 1);
        if (body.length > max) {
            throw ClientError.tooLarge(what + " is larger than maxBytes=" + max, "maxBytes");
        }
        return body;
    }

    /** The declared charset if any, else the one a raw {@code _charset_} field names, else the options'. */
    private static Charset charset(byte[] b, int len, Charset declared, FormOptions options) {
        if (declared != null) {
            return declared;
        }
        byte[] key = (CHARSET_FIELD + "=").getBytes(StandardCharsets.US_ASCII);
        for (int start = 0; start < len;) {
            int end = start;
            while (end < len && b[end] != '&') {
                end++;
            }
            if (end - start > key.length && Arrays.equals(b, start, start + key.length, key, 0, key.length)) {
                String name = new String(b, start + key.length, end - start - key.length, StandardCharsets.ISO_8859_1);
                return ContentTypes.charset(name, "the " + CHARSET_FIELD + " field");
            }
            start = end + 1;
        }
        return options.charset();
    }

    /** The first value of {@code name}, or {@code null}. */
    public String first(String name) {
        List<String> values = byName.get(name);
        return values == null ? null : values.get(0);
    }

    /** The first value of {@code name}, or {@code fallback}. */
    public String first(String name, String fallback) {
        String value = first(name);
        return value == null ? fallback : value;
    }

    /** Every value of {@code name} in order, possibly none. */
    public List<String> all(String name) {
        return byName.getOrDefault(name, List.of());
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** The names, in the order of their first appearance. */
    public Set<String> names() {
        return byName.keySet();
    }

    /** Every field in order, as {@code parse_qsl} returns them. */
    public List<Map.Entry<String, String>> pairs() {
        return pairs;
    }

    /** Each name with its values, names in the order of their first appearance ({@code parse_qs}). */
    public Map<String, List<String>> toMap() {
        return byName;
    }

    /** How many fields, repeats counted. */
    public int size() {
        return pairs.size();
    }

    public boolean isEmpty() {
        return pairs.isEmpty();
    }

    /** The fields encoded again, as {@link Query#encode(List)}. */
    public String toQueryString() {
        return Query.encode(pairs);
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
        return pairs.iterator();
    }

    @Override
    public String toString() {
        return pairs.toString();
    }
}
