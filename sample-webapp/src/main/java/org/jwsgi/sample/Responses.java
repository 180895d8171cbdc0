package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.util.Json;

/**
 * Complete responses (status, headers, one body chunk with its Content-Length) for the sample's
 * pages. Every response carries {@code X-Content-Type-Options: nosniff}; HTML pages also carry a
 * Content-Security-Policy that allows only the sample's own scripts and styles, which is why the
 * live-stream page loads its script from {@code /static/ticker.js} instead of inlining it.
 *
 * <pre>{@code
 * return Responses.json(startResponse, "200 OK", Map.of("greeting", "Hello"));
 * }</pre>
 */
public final class Responses {

    static final String CSP = "default-src 'self'; form-action 'self'; frame-ancestors 'none'";

    private Responses() {
    }

    /** An HTML page, {@code text/html; charset=utf-8}. */
    public static Iterable<byte[]> html(StartResponse startResponse, String status, String page, Header... extra) {
        return html(startResponse, status, page, null, extra);
    }

    private static Iterable<byte[]> html(StartResponse startResponse, String status, String page, Throwable excInfo,
            Header... extra) {
        List<Header> headers = new ArrayList<>(List.of(
                new Header("Content-Type", "text/html; charset=utf-8"),
                new Header("Content-Security-Policy", CSP)));
        headers.addAll(List.of(extra));
        return send(startResponse, status, page.getBytes(UTF_8), headers, excInfo);
    }

    /** {@code value} written by {@link Json}, {@code application/json} (pure ASCII, so no charset needed). */
    public static Iterable<byte[]> json(StartResponse startResponse, String status, Object value) {
        return json(startResponse, status, value, null);
    }

    private static Iterable<byte[]> json(StartResponse startResponse, String status, Object value, Throwable excInfo,
            Header... extra) {
        List<Header> headers = new ArrayList<>(List.of(new Header("Content-Type", "application/json")));
        headers.addAll(List.of(extra));
        return send(startResponse, status, (Json.write(value) + "\n").getBytes(UTF_8), headers, excInfo);
    }

    /** Plain text, {@code text/plain; charset=utf-8}. */
    public static Iterable<byte[]> text(StartResponse startResponse, String status, String text) {
        return send(startResponse, status, text.getBytes(UTF_8),
                new ArrayList<>(List.of(new Header("Content-Type", "text/plain; charset=utf-8"))), null);
    }

    /**
     * The error page for {@code status} ("404 Not Found", ...) with {@code message} (escaped
     * here), linking back to the home page.
     *
     * @param excInfo the failure being answered, passed to {@code start_response} (PEP 3333's
     *     {@code exc_info}) so the error replaces a response the page had begun; or {@code null}
     */
    public static Iterable<byte[]> error(Map<String, Object> environ, StartResponse startResponse, String status,
            String message, Throwable excInfo, Header... extra) {
        String body = "<p class=\"error\" id=\"error\">" + Html.escape(message) + "</p>\n"
                + "<p><a href=\"" + Html.escape(Html.url(environ, "/")) + "\">Back to the home page</a></p>";
        return html(startResponse, status, Html.page(environ, status, body), excInfo, extra);
    }

    /** The error for a JSON API: {@code {"error": message, "status": code}}. */
    public static Iterable<byte[]> jsonError(StartResponse startResponse, String status, String message,
            Throwable excInfo, Header... extra) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("error", message);
        out.put("status", Integer.parseInt(status.substring(0, 3)));
        return json(startResponse, status, out, excInfo, extra);
    }

    private static Iterable<byte[]> send(StartResponse startResponse, String status, byte[] body, List<Header> headers,
            Throwable excInfo) {
        headers.add(new Header("Content-Length", Integer.toString(body.length)));
        headers.add(new Header("X-Content-Type-Options", "nosniff"));
        startResponse.start(status, headers, excInfo);
        return List.of(body);
    }
}
