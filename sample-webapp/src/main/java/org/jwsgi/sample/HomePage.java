package org.jwsgi.sample;

import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.StartResponse;

/**
 * {@code GET /}: what the sample shows, the greeting form ({@code POST /greet}) and the upload
 * form ({@code POST /upload}). Every link comes from {@link Html#url}, so the page works at the
 * root and under a servlet context path alike.
 *
 * <pre>{@code
 * $ curl http://127.0.0.1:8000/
 * }</pre>
 */
public final class HomePage implements Application {

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) {
        String server = (String) environ.getOrDefault(Environ.SERVER_SOFTWARE, "?");
        String body = """
                <p>One WSGI-style application, written only against the jwsgi contract, served here by
                <strong id="server">%s</strong>%s.</p>

                <section id="greet">
                <h2>Greet</h2>
                <p>An ordinary HTML form, posted as <code>application/x-www-form-urlencoded</code>; the answer
                shows what you typed, HTML-escaped (try <code>&lt;b&gt;</code>).</p>
                <form method="post" action="%s" id="greet-form">
                <p><label for="name">Name</label> <input id="name" name="name" required maxlength="%d"></p>
                <p><label for="message">Message</label> <textarea id="message" name="message" maxlength="%d"></textarea></p>
                <p><button type="submit" id="greet-submit">Greet</button></p>
                </form>
                </section>

                <section id="upload">
                <h2>Upload</h2>
                <p>The file streams through the server: its size and SHA-256 are computed as the bytes arrive,
                and nothing is stored. Limit: %s for the whole request.</p>
                <form method="post" action="%s" enctype="multipart/form-data" id="upload-form">
                <p><input type="file" name="file" id="file" required></p>
                <p><label for="note">Note</label> <input id="note" name="note" maxlength="200"></p>
                <p><button type="submit">Upload</button></p>
                </form>
                </section>

                <section id="more">
                <h2>More</h2>
                <ul>
                <li><a href="%s">Live stream</a>: lines produced every 200 ms, arriving one by one</li>
                <li><a href="%s">Environ</a>: what the application receives, as a table</li>
                <li><a href="%s">JSON</a>: <code>GET /api/greeting?name=Ada</code></li>
                <li><a href="%s">Text</a>: <code>GET /hello?name=Ada</code></li>
                <li><a href="%s">A static file</a>, served from the class path with ETag and Last-Modified (304 on a revalidation)</li>
                </ul>
                </section>
                """.formatted(Html.escape(server), mount(environ), Html.escape(Html.url(environ, "/greet")),
                GreetPage.MAX_NAME, GreetPage.MAX_MESSAGE, UploadPage.MAX_UPLOAD_BYTES / (1024 * 1024) + " MiB",
                Html.escape(Html.url(environ, "/upload")), Html.escape(Html.url(environ, "/ticker")),
                Html.escape(Html.url(environ, "/environ")), Html.escape(Html.url(environ, "/api/greeting?name=Ada")),
                Html.escape(Html.url(environ, "/hello?name=Ada")), Html.escape(Html.url(environ, "/static/app.css")));
        return Responses.html(startResponse, "200 OK", Html.page(environ, Html.SITE, body));
    }

    private static String mount(Map<String, Object> environ) {
        String script = Html.root(environ);
        return script.isEmpty() ? " at the root" : " under <code id=\"script-name\">" + Html.escape(Html.text(script)) + "</code>";
    }
}
