package org.jwsgi.python;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A Flask app (Debian's python3-flask 2.2 with Werkzeug, Jinja2, MarkupSafe, ItsDangerous, Click). */
class FlaskAppTest extends SameAsGunicornTest {

    @Override
    String callable() {
        return "flask_app:app";
    }

    @Override
    List<String> debianPackages() {
        return List.of("python3-flask");
    }

    @Override
    List<Exchange> exchanges() {
        return exchangesOfTheFrameworkApps();
    }

    /** The same pages in flask_app.py and djsite/views.py. */
    static List<Exchange> exchangesOfTheFrameworkApps() {
        String boundary = "jwsgiBoundary42";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi \u00e9\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(5000) + "\u0000\u00ff\r\n"
                + "--" + boundary + "--\r\n";
        return List.of(
                Exchange.get("hello", "/", "body"),
                Exchange.get("json", "/json", "body"),
                Exchange.get("template, escaped", "/greet?name=%3Cb%3EAda%3C/b%3E", "body"),
                Exchange.post("form", "/greet", "application/x-www-form-urlencoded", "name=Gr%C3%A4ce+%26+co", "body"),
                Exchange.post("multipart upload", "/upload", "multipart/form-data; boundary=" + boundary,
                        multipart.getBytes(StandardCharsets.ISO_8859_1), "body"),
                Exchange.post("multipart upload", "/upload", "multipart/form-data; boundary=" + boundary,
                        multipart.getBytes(StandardCharsets.ISO_8859_1), "body").asChunked(),
                Exchange.get("streamed", "/stream", "body"),
                Exchange.get("not found", "/missing", "body"),
                Exchange.get("view raises", "/fail", "body"),
                Exchange.get("environ", "/environ?q=%20x", "environ", "Cookie", "a=1; b=2", "X-Forwarded-For", "10.0.0.1"));
    }
}
