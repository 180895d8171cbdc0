package org.jwsgi.util;

import java.util.Collection;
import java.util.Map;

/**
 * A small JSON writer (RFC 8259) for maps, collections, strings, numbers and booleans. Every
 * character outside printable ASCII is written as {@code \\uXXXX}, so the output is pure ASCII.
 *
 * <pre>{@code
 * Json.write(Map.of("a", List.of(1, true)));   // {"a":[1,true]}
 * }</pre>
 */
public final class Json {

    private Json() {
    }

    /** Writes {@code value} as JSON; maps keep their iteration order (use a TreeMap to sort). */
    public static String write(Object value) {
        StringBuilder b = new StringBuilder(256);
        write(b, value);
        return b.toString();
    }

    private static void write(StringBuilder b, Object value) {
        if (value == null) {
            b.append("null");
        } else if (value instanceof String s) {
            string(b, s);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte) {
            b.append(value);
        } else if (value instanceof Map<?, ?> map) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                string(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (value instanceof Collection<?> list) {
            b.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                write(b, item);
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        b.append("\\u");
                        String hex = Integer.toHexString(c);
                        b.append("0".repeat(4 - hex.length())).append(hex);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
