package org.jwsgi.sample;

import java.io.InputStream;
import java.io.Writer;
import java.util.Map;
import java.util.TreeMap;
import org.jwsgi.Application;
import org.jwsgi.StartResponse;

/**
 * {@code GET /environ}: the request's environ as an HTML table, sorted by key, as this page
 * receives it (after the dispatcher moved {@code /environ} to {@code SCRIPT_NAME}). Strings are shown as they are: PEP 3333 "native strings", the request's bytes read
 * as ISO-8859-1, so {@code /caf%C3%A9} shows as {@code /cafÃ©}. Objects (the input stream, the
 * error writer) are shown by their class.
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
            String shown = value instanceof InputStream || value instanceof Writer || value == null
                    ? "" : String.valueOf(value);
            String type = value == null ? "null" : value instanceof String ? "String" : value.getClass().getName();
            b.append("<tr><th scope=\"row\">").append(Html.escape(e.getKey())).append("</th><td>")
                    .append(Html.escape(shown)).append("</td><td>").append(Html.escape(type)).append("</td></tr>\n");
        }
        b.append("</table>\n");
        return Responses.html(startResponse, "200 OK", Html.page(environ, "Environ", b.toString()));
    }
}
