package org.jwsgi.sample;

import java.io.InputStream;
import java.io.Writer;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jwsgi.Application;
import org.jwsgi.FileWrapper;
import org.jwsgi.StartResponse;

/**
 * {@code GET /environ}: the request's environ as an HTML table, sorted by key, as this page
 * receives it (after the dispatcher moved {@code /environ} to {@code SCRIPT_NAME}). Strings are
 * shown as they are: PEP 3333 "native strings", the request's bytes read as ISO-8859-1, so
 * {@code /caf%C3%A9} shows as {@code /cafÃ©}. The other values (the input stream, the error
 * writer, the file wrapper) are described in words, with the public type a program sees, never the
 * server's implementation class. Keys break only after {@code _} or {@code .} on a narrow screen.
 *
 * <pre>{@code
 * $ curl http://127.0.0.1:8000/environ      # ... <tr><th scope="row">PATH_INFO</th><td>/environ</td><td>String</td></tr> ...
 * }</pre>
 */
public final class EnvironPage implements Application {

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) {
        StringBuilder b = new StringBuilder("""
                <p>What this page received for this request. Compare it on each backend: only
                <code>SERVER_SOFTWARE</code>, <code>SCRIPT_NAME</code> (the context path in a servlet
                container) and what depends on the socket should differ. The sample's dispatcher mounted
                this page at <code>/environ</code>, so that prefix moved from <code>PATH_INFO</code> to the
                end of <code>SCRIPT_NAME</code>; <code>sample.root</code> holds <code>SCRIPT_NAME</code> as
                the sample received it.</p>
                <table class="environ">
                <tr><th>key</th><th>value</th><th>type</th></tr>
                """);
        for (Map.Entry<String, Object> e : new TreeMap<>(environ).entrySet()) {
            Object value = e.getValue();
            b.append("<tr><th scope=\"row\">").append(breakable(Html.escape(e.getKey()))).append("</th><td>")
                    .append(describe(value)).append("</td><td class=\"type\">").append(Html.escape(type(value)))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        return Responses.html(startResponse, "200 OK", Html.page(environ, "Environ", b.toString()));
    }

    /** An environ key that may wrap after {@code _} and {@code .} (HTTP_ACCEPT_<wbr>ENCODING), never inside a word. */
    static String breakable(String escapedKey) {
        return escapedKey.replace("_", "_<wbr>").replace(".", ".<wbr>");
    }

    /** The value as HTML: a string as it is, escaped; an object in words ({@code <em>}), as a reader wants it. */
    static String describe(Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Number || value instanceof List) {
            return Html.escape(String.valueOf(value));
        }
        String words;
        if (value == null) {
            words = "none";
        } else if (value instanceof InputStream) {
            words = "the request body, to read (this page does not)";
        } else if (value instanceof Writer) {
            words = "where the application writes errors: the server's log";
        } else if (value instanceof FileWrapper) {
            words = "makes a response body of a file, which the server may send with sendfile";
        } else {
            words = "an object";
        }
        return "<em>" + Html.escape(words) + "</em>";
    }

    /**
     * The type a program sees: the class if it is public and named, else the public interface or
     * superclass it is used through ({@code InputStream}, {@code FileWrapper}): a lambda's or a
     * server's private class name ({@code WsgiEnviron$$Lambda/0x...}) means nothing to a reader.
     */
    static String type(Object value) {
        if (value == null) {
            return "null";
        }
        for (Class<?> c = value.getClass(); c != null; c = c.getSuperclass()) {
            if (readable(c)) {
                return c.getSimpleName();
            }
            for (Class<?> i : c.getInterfaces()) {
                if (readable(i)) {
                    return i.getSimpleName();
                }
            }
        }
        return "Object";
    }

    private static boolean readable(Class<?> c) {
        return Modifier.isPublic(c.getModifiers()) && !c.isAnonymousClass() && !c.isSynthetic() && !c.isHidden()
                && (c.getName().startsWith("java.") || c.getName().startsWith("org.jwsgi."))
                && !MARKERS.contains(c);
    }

    /** Interfaces every other class has: they say nothing of what the value is for. */
    private static final java.util.Set<Class<?>> MARKERS = java.util.Set.of(Object.class, java.io.Serializable.class,
            Cloneable.class, Comparable.class, java.util.RandomAccess.class, AutoCloseable.class, java.io.Closeable.class,
            java.io.Flushable.class, Appendable.class);
}
