package org.jwsgi.conformance;

import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the flat JSON object {@code DemoApp} prints (string, number, boolean and flat array
 * values; ASCII only) into key → value text, strings unescaped, so environs can be compared key
 * by key and a difference is reported by name.
 */
public final class FlatJson {

    private FlatJson() {
    }

    public static Map<String, String> parse(String json) {
        Map<String, String> out = new TreeMap<>();
        int[] at = {skip(json, 0, '{')};
        while (json.charAt(at[0]) != '}') {
            String key = string(json, at);
            at[0] = skip(json, at[0], ':');
            String value;
            char c = json.charAt(at[0]);
            if (c == '"') {
                value = string(json, at);
            } else {
                int end = c == '[' ? json.indexOf(']', at[0]) + 1 : indexOfAny(json, at[0], ",}");
                value = json.substring(at[0], end);
                at[0] = end;
            }
            out.put(key, value);
            if (json.charAt(at[0]) == ',') {
                at[0]++;
            }
        }
        return out;
    }

    private static int skip(String json, int at, char expected) {
        if (json.charAt(at) != expected) {
            throw new IllegalArgumentException("expected '" + expected + "' at " + at + " in " + json);
        }
        return at + 1;
    }

    private static int indexOfAny(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated value in " + s);
    }

    private static String string(String json, int[] at) {
        int i = skip(json, at[0], '"');
        StringBuilder b = new StringBuilder();
        while (json.charAt(i) != '"') {
            char c = json.charAt(i++);
            if (c == '\\') {
                char e = json.charAt(i++);
                switch (e) {
                    case 'u' -> {
                        b.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
                        i += 4;
                    }
                    case 'n' -> b.append('\n');
                    case 'r' -> b.append('\r');
                    case 't' -> b.append('\t');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
        at[0] = i + 1;
        return b.toString();
    }
}
