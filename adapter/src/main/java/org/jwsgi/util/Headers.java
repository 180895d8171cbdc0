package org.jwsgi.util;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jwsgi.Header;
import org.jwsgi.gateway.Ascii;

/**
 * A mutable, ordered list of response headers looked up by name ignoring case: the port of
 * {@code wsgiref.headers.Headers}. Every header is a {@link Header}, so nothing added here can
 * split a response; {@link #toList()} is what {@code start_response} takes.
 *
 * <pre>{@code
 * Headers h = new Headers();
 * h.set("Content-Type", "text/csv");
 * h.add("Content-Disposition", "attachment", Headers.param("filename", "report.csv"));
 * h.setDefault("Cache-Control", "no-store");
 * startResponse.start("200 OK", h.toList());   // Content-Disposition: attachment; filename="report.csv"
 * }</pre>
 *
 * <p>Like wsgiref, {@link #set} removes every header of that name and appends one at the end;
 * {@link #remove} of an absent name does nothing; {@link #get} answers the first value.
 * One deliberate difference: a parameter with an empty value is written {@code filename=""},
 * where wsgiref writes a bare {@code filename} (which RFC 6266 does not allow).
 */
public final class Headers implements Iterable<Header> {

    /**
     * One parameter of {@link #add(String, String, Param...)}: {@code name="value"}, or the bare
     * {@code name} when {@code value} is {@code null} ({@code no-cache; must-revalidate}).
     */
    public record Param(String name, String value) {
        public Param {
            Objects.requireNonNull(name, "parameter name");
            if (!Ascii.isToken(name)) {
                throw new IllegalArgumentException("header parameter name is not a token: \"" + name + "\"");
            }
        }
    }

    private final List<Header> headers;

    /** An empty list. */
    public Headers() {
        this.headers = new ArrayList<>();
    }

    /** A list starting with a copy of {@code headers}, in their order. */
    public Headers(List<Header> headers) {
        this.headers = new ArrayList<>(headers);
    }

    /** {@code name="value"}; the value is quoted, with {@code \} and {@code "} escaped. */
    public static Param param(String name, String value) {
        return new Param(name, value);
    }

    /** The bare parameter {@code name}, as wsgiref's {@code add_header(..., name=None)}. */
    public static Param param(String name) {
        return new Param(name, null);
    }

    /**
     * The value of the first header named {@code name} (any case), or {@code null}: wsgiref's
     * {@code headers[name]} and {@code headers.get(name)}.
     */
    public String get(String name) {
        return Header.first(headers, name);
    }

    /** The value of the first header named {@code name}, or {@code fallback}. */
    public String get(String name, String fallback) {
        String value = get(name);
        return value == null ? fallback : value;
    }

    /** Every value of headers named {@code name}, in order; empty if none ({@code get_all}). */
    public List<String> getAll(String name) {
        List<String> values = new ArrayList<>(1);
        for (Header h : headers) {
            if (h.is(name)) {
                values.add(h.value());
            }
        }
        return values;
    }

    /** Whether a header named {@code name} is present (any case). */
    public boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * Replaces every header named {@code name} by one {@code name: value} at the end of the list
     * ({@code headers[name] = value}).
     *
     * @throws IllegalArgumentException if the name or value could not be sent (see {@link Header})
     */
    public Headers set(String name, String value) {
        Header header = new Header(name, value); // checked before anything is removed
        remove(name);
        headers.add(header);
        return this;
    }

    /** Appends {@code name: value}, keeping headers of the same name (e.g. {@code Set-Cookie}). */
    public Headers add(Header header) {
        headers.add(Objects.requireNonNull(header, "header"));
        return this;
    }

    /** Appends {@code name: value}, keeping headers of the same name. */
    public Headers add(String name, String value) {
        return add(new Header(name, value));
    }

    /**
     * Appends a header with parameters, as {@code add_header}: {@code value} (omitted when
     * {@code null}) then each parameter, joined by {@code "; "}. A parameter value is always
     * quoted, {@code \} and {@code "} escaped with {@code \}:
     * {@code add("Content-Disposition", "attachment", param("filename", "a b.txt"))} gives
     * {@code attachment; filename="a b.txt"}.
     *
     * @throws IllegalArgumentException if a value holds CR, LF, another control character or a
     *     char above U+00FF (for a file name beyond Latin-1, send an RFC 8187 {@code filename*})
     */
    public Headers add(String name, String value, Param... params) {
        List<String> parts = new ArrayList<>(params.length + 1);
        if (value != null) {
            parts.add(value);
        }
        for (Param p : params) {
            parts.add(p.value() == null ? p.name() : p.name() + "=" + quote(p.value()));
        }
        return add(new Header(name, String.join("; ", parts)));
    }

    /**
     * The first value of {@code name} if there is one; otherwise appends {@code name: value} and
     * returns {@code value} ({@code setdefault}).
     */
    public String setDefault(String name, String value) {
        String existing = get(name);
        if (existing != null) {
            return existing;
        }
        add(name, value);
        return value;
    }

    /** Removes every header named {@code name} (any case); nothing happens if there is none. */
    public Headers remove(String name) {
        headers.removeIf(h -> h.is(name));
        return this;
    }

    /** How many headers, repeats counted. */
    public int size() {
        return headers.size();
    }

    /** The names, in order, repeats included and case as set ({@code keys()}). */
    public List<String> names() {
        return headers.stream().map(Header::name).toList();
    }

    /** A copy of the headers, in order: what {@code start_response} takes. */
    public List<Header> toList() {
        return List.copyOf(headers);
    }

    @Override
    public Iterator<Header> iterator() {
        return toList().iterator();
    }

    /** The header block as sent: {@code "Name: value\r\n"} for each, then {@code "\r\n"} ({@code str()}). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Header h : headers) {
            b.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    /** {@link #toString()} as ISO-8859-1 bytes, as wsgiref's {@code bytes()}. */
    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** An RFC 9110 quoted-string: {@code \} and {@code "} escaped, as wsgiref's {@code _formatparam}. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
