package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.util.DemoApp;

/**
 * The sample application, written only against the jwsgi contract: a home page, a greeting that
 * reads the query string, and the environ as JSON.
 *
 * <pre>{@code
 * $ java -jar sample-webapp/target/sample-app.jar
 * $ curl 'http://127.0.0.1:8000/hello?name=Ada'
 * Hello, Ada!
 * }</pre>
 */
public final class SampleApp implements Application {

    private final Application environ = new DemoApp();

    @Override
    public Iterable<byte[]> call(Map<String, Object> env, StartResponse startResponse) throws Exception {
        String path = (String) env.get(Environ.PATH_INFO);
        switch (path) {
            case "/":
                return html(startResponse, """
                        <!doctype html>
                        <html lang="en"><head><meta charset="utf-8"><title>jwsgi sample</title></head>
                        <body>
                        <h1>jwsgi sample</h1>
                        <p>One WSGI-style application, served by the bundled server.</p>
                        <ul>
                          <li><a href="/hello?name=World">/hello?name=World</a>: a greeting</li>
                          <li><a href="/environ">/environ</a>: the request's environ as JSON</li>
                        </ul>
                        </body></html>
                        """);
            case "/hello":
                String name = param((String) env.get(Environ.QUERY_STRING), "name", "World");
                byte[] body = ("Hello, " + name + "!\n").getBytes(UTF_8);
                startResponse.start("200 OK", List.of(
                        new Header("Content-Type", "text/plain; charset=utf-8"),
                        new Header("Content-Length", Integer.toString(body.length))));
                return List.of(body);
            case "/environ":
                return environ.call(env, startResponse);
            default:
                byte[] missing = ("Not found: " + new String(path.getBytes(ISO_8859_1), UTF_8) + "\n").getBytes(UTF_8);
                startResponse.start("404 Not Found", List.of(new Header("Content-Type", "text/plain; charset=utf-8")));
                return List.of(missing);
        }
    }

    private static Iterable<byte[]> html(StartResponse startResponse, String page) {
        startResponse.start("200 OK", List.of(new Header("Content-Type", "text/html; charset=utf-8")));
        return List.of(page.getBytes(UTF_8));
    }

    /** The first value of {@code name} in a query string, percent-decoded as UTF-8. */
    static String param(String query, String name, String fallback) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                String raw = eq < 0 ? "" : pair.substring(eq + 1).replace('+', ' ');
                return new String(Environ.unquote(raw).getBytes(ISO_8859_1), UTF_8);
            }
        }
        return fallback;
    }
}
