package org.jwsgi.sample;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.StartResponse;
import org.jwsgi.form.Form;
import org.jwsgi.form.FormOptions;
import org.jwsgi.util.ClientError;

/**
 * The greeting, three ways: {@code POST /greet} takes the home page's form
 * ({@code application/x-www-form-urlencoded}: {@code name}, {@code message}) and answers a page
 * showing both, HTML-escaped; {@code GET /api/greeting?name=} answers JSON; {@code GET /hello?name=}
 * answers one line of text. Forms and query strings are read with {@link Form}, strictly: a
 * malformed {@code %} escape or bytes that are not UTF-8 are a {@code 400}, not a guess.
 *
 * <pre>{@code
 * $ curl -d 'name=<Ada>&message=hi' http://127.0.0.1:8000/greet     # ... Hello, &lt;Ada&gt;! ...
 * $ curl 'http://127.0.0.1:8000/api/greeting?name=Ada'
 * {"greeting":"Hello, Ada!","name":"Ada","scriptName":"","server":"jwsgi/0.1"}
 * }</pre>
 */
public final class GreetPage {

    /** The longest name accepted, in characters. */
    public static final int MAX_NAME = 100;
    /** The longest message accepted, in characters. */
    public static final int MAX_MESSAGE = 1000;
    /** The largest urlencoded body read: 64 KiB, plenty for a form of a few text fields. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** Strict, blank fields kept (an empty name is "required", not absent), {@value #MAX_BODY_BYTES} bytes at most. */
    static final FormOptions FORM_OPTIONS = FormOptions.defaults().withStrict(true).withKeepBlankValues(true)
            .withMaxBytes(MAX_BODY_BYTES);

    private GreetPage() {
    }

    /** {@code POST /greet}. */
    public static final Application FORM = GreetPage::form;
    /** {@code GET /api/greeting?name=Ada}. */
    public static final Application JSON = GreetPage::json;
    /** {@code GET /hello?name=Ada}. */
    public static final Application TEXT = GreetPage::text;

    private static Iterable<byte[]> form(Map<String, Object> environ, StartResponse startResponse) throws IOException {
        Form form = Form.fromBody(environ, FORM_OPTIONS);
        String name = required(form, "name", MAX_NAME);
        String message = optional(form.first("message"), "message", MAX_MESSAGE);
        StringBuilder body = new StringBuilder()
                .append("<p class=\"greeting\" id=\"greeting\">Hello, ").append(Html.escape(name)).append("!</p>\n");
        if (!message.isEmpty()) {
            body.append("<p>You said:</p>\n<blockquote id=\"message\">").append(Html.escape(message)).append("</blockquote>\n");
        }
        body.append("<p><a href=\"").append(Html.escape(Html.url(environ, "/"))).append("\">Greet someone else</a></p>\n");
        return Responses.html(startResponse, "200 OK", Html.page(environ, "Greeting", body.toString()));
    }

    private static Iterable<byte[]> json(Map<String, Object> environ, StartResponse startResponse) {
        String name = name(environ);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("greeting", "Hello, " + name + "!");
        out.put("name", name);
        // where the app is mounted and who serves it: the two things that differ between backends
        out.put("scriptName", Html.text(Html.root(environ)));
        out.put("server", environ.getOrDefault(Environ.SERVER_SOFTWARE, ""));
        return Responses.json(startResponse, "200 OK", out);
    }

    private static Iterable<byte[]> text(Map<String, Object> environ, StartResponse startResponse) {
        return Responses.text(startResponse, "200 OK", "Hello, " + name(environ) + "!\n");
    }

    private static String name(Map<String, Object> environ) {
        Form query = Form.fromQuery(environ, FORM_OPTIONS);
        String name = optional(query.first("name"), "name", MAX_NAME);
        return name.isBlank() ? "World" : name;
    }

    private static String required(Form form, String field, int max) {
        String value = optional(form.first(field), field, max);
        if (value.isBlank()) {
            throw new ClientError("400 Bad Request", "the field \"" + field + "\" is required", null);
        }
        return value;
    }

    private static String optional(String value, String field, int max) {
        if (value == null) {
            return "";
        }
        if (value.codePointCount(0, value.length()) > max) {
            throw new ClientError("400 Bad Request", "the field \"" + field + "\" is longer than " + max + " characters", null);
        }
        return value.strip();
    }
}
