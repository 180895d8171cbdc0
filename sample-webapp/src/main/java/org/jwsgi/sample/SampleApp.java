package org.jwsgi.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.middleware.Dispatcher;
import org.jwsgi.middleware.ErrorCatcher;
import org.jwsgi.middleware.Gzip;
import org.jwsgi.staticfiles.StaticFiles;

/**
 * The sample application, written only against the jwsgi contract ({@code org.jwsgi} and
 * {@code org.jwsgi.util}): it runs unchanged on the bundled server, on Jetty and on Tomcat, at
 * the root or under a context path. This class wires the library's pieces together: a
 * {@link Dispatcher} mounts each {@link Page} and the class path's {@code static/} directory
 * ({@link StaticFiles#ofClassPath}), inside {@link Gzip} and {@link ErrorCatcher}, in the order
 * docs/middleware.md gives. It has no {@code RequestLog}: whoever serves it already writes an
 * access line per request ({@code java -jar}, on each {@code --server}, unless
 * {@code --no-access-log}; Tomcat's default {@code AccessLogValve} for the WAR), and a second
 * line per request is noise.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>path</th><th>methods</th><th>what</th></tr>
 *   <tr><td>/</td><td>GET</td><td>{@link HomePage}: the greeting and upload forms; the 404 for unknown paths</td></tr>
 *   <tr><td>/greet</td><td>POST</td><td>{@link GreetPage}: the form's result, escaped</td></tr>
 *   <tr><td>/api/greeting</td><td>GET</td><td>{@link GreetPage}: JSON (errors under /api are JSON too)</td></tr>
 *   <tr><td>/hello</td><td>GET</td><td>{@link GreetPage}: text</td></tr>
 *   <tr><td>/upload</td><td>POST</td><td>{@link UploadPage}: size and SHA-256 of streamed files</td></tr>
 *   <tr><td>/stream, /ticker</td><td>GET</td><td>{@link StreamPage}: lines sent one by one</td></tr>
 *   <tr><td>/static/*</td><td>GET</td><td>{@link StaticFiles}: class path files, ETag, 304, ranges</td></tr>
 *   <tr><td>/environ</td><td>GET</td><td>{@link EnvironPage}: the environ as a table</td></tr>
 * </table>
 * Every GET route takes HEAD too (the server drops the body).
 *
 * <p>The dispatcher moves a page's prefix from {@code PATH_INFO} to {@code SCRIPT_NAME}
 * ({@code /greet} sees {@code SCRIPT_NAME} {@code /sample-webapp/greet}). Links must point at
 * the sample's own root, so it is kept under {@link #ROOT} before dispatching; {@link Html#url}
 * builds every link from it.
 *
 * <pre>{@code
 * $ java -jar sample-webapp/target/sample-webapp-app.jar --port 8000
 * $ curl 'http://127.0.0.1:8000/hello?name=Ada'
 * Hello, Ada!
 * }</pre>
 */
public final class SampleApp implements Application {

    /** The environ key holding {@code SCRIPT_NAME} as the sample received it: where the sample is mounted. */
    public static final String ROOT = "sample.root";

    private final Application app;

    /** The sample with its documented limits. */
    public SampleApp() {
        Application site = Dispatcher.builder()
                .mount("/greet", Page.post(GreetPage.FORM))
                .mount("/hello", Page.get(GreetPage.TEXT))
                .mount("/api", Dispatcher.builder()
                        .mount("/greeting", Page.get(GreetPage.JSON).json())
                        .fallback(Page.notFound(true))
                        .build())
                .mount("/upload", Page.post(new UploadPage()))
                .mount("/stream", Page.get(StreamPage.STREAM))
                .mount("/ticker", Page.get(StreamPage.TICKER))
                .mount("/environ", Page.get(new EnvironPage()))
                .mount("/static", revalidated(assets()))
                .fallback(Page.get(new HomePage()).home())
                .build();
        app = ErrorCatcher.defaults().wrap(Gzip.defaults().wrap(site));
    }

    private static StaticFiles assets() {
        try {
            // in target/classes, in the app jar, or in an unpacked WAR's WEB-INF/classes
            return StaticFiles.ofClassPath(SampleApp.class.getClassLoader(), "org/jwsgi/sample/static").withIndexFile(null);
        } catch (IOException e) {
            // the assets are part of the sample's own jar: failing to open it is a broken build, not a request's problem
            throw new UncheckedIOException("cannot open the sample's static files", e);
        }
    }

    /**
     * Adds {@code Cache-Control: no-cache}: browsers revalidate every time (a small 304 with the
     * ETag), so a new build's stylesheet is seen at once instead of after a heuristic freshness time.
     */
    private static Application revalidated(Application files) {
        return (environ, startResponse) -> files.call(environ, (status, headers, excInfo) -> {
            List<Header> all = new ArrayList<>(headers);
            all.add(new Header("Cache-Control", "no-cache"));
            return startResponse.start(status, all, excInfo);
        });
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws Exception {
        environ.put(ROOT, environ.getOrDefault(Environ.SCRIPT_NAME, ""));
        return app.call(environ, startResponse);
    }
}
