package org.jwsgi.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;

/**
 * The sample application, written only against the jwsgi contract ({@code org.jwsgi} and
 * {@code org.jwsgi.util}): it runs unchanged on the bundled server, on Jetty and on Tomcat, at
 * the root or under a context path. This class is the router: it maps {@code PATH_INFO} to a
 * page, answers {@code 404} for an unknown path and {@code 405} (with {@code Allow}) for a method
 * the page does not take, and turns a {@link ClientError} into its error page.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><th>path</th><th>methods</th><th>what</th></tr>
 *   <tr><td>/</td><td>GET</td><td>{@link HomePage}: the greeting and upload forms</td></tr>
 *   <tr><td>/greet</td><td>POST</td><td>{@link GreetPage}: the form's result, escaped</td></tr>
 *   <tr><td>/api/greeting</td><td>GET</td><td>{@link GreetPage}: JSON</td></tr>
 *   <tr><td>/hello</td><td>GET</td><td>{@link GreetPage}: text</td></tr>
 *   <tr><td>/upload</td><td>POST</td><td>{@link UploadPage}: size and SHA-256 of streamed files</td></tr>
 *   <tr><td>/stream, /ticker</td><td>GET</td><td>{@link StreamPage}: lines sent one by one</td></tr>
 *   <tr><td>/static/*</td><td>GET</td><td>{@link StaticFiles}: class path files, ETag, 304</td></tr>
 *   <tr><td>/environ</td><td>GET</td><td>{@link EnvironPage}: the environ as a table</td></tr>
 * </table>
 * Every GET route takes HEAD too (the server drops the body).
 *
 * <pre>{@code
 * $ java -jar sample-webapp/target/sample-webapp-app.jar --port 8000
 * $ curl 'http://127.0.0.1:8000/hello?name=Ada'
 * Hello, Ada!
 * }</pre>
 */
public final class SampleApp implements Application {

    private record Route(List<String> methods, Application page) {
    }

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final Route staticFiles = get(new StaticFiles());

    /** The sample with its documented limits. */
    public SampleApp() {
        routes.put("/", get(new HomePage()));
        routes.put("/greet", new Route(List.of("POST"), GreetPage.FORM));
        routes.put("/api/greeting", get(GreetPage.JSON));
        routes.put("/hello", get(GreetPage.TEXT));
        routes.put("/upload", new Route(List.of("POST"), new UploadPage()));
        routes.put("/stream", get(StreamPage.STREAM));
        routes.put("/ticker", get(StreamPage.TICKER));
        routes.put("/environ", get(new EnvironPage()));
    }

    private static Route get(Application page) {
        return new Route(List.of("GET", "HEAD"), page);
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws Exception {
        String path = (String) environ.getOrDefault(Environ.PATH_INFO, "");
        if (path.isEmpty()) {
            path = "/"; // a servlet container may pass the bare context path ("/sample-webapp") through
        }
        boolean api = path.startsWith("/api/");
        Route route = path.startsWith(StaticFiles.PREFIX) ? staticFiles : routes.get(path);
        if (route == null) {
            String message = "no page at " + Html.text(path);
            return api ? Responses.jsonError(startResponse, "404 Not Found", message, null)
                    : Responses.error(environ, startResponse, "404 Not Found", message, null);
        }
        String method = (String) environ.get(Environ.REQUEST_METHOD);
        if (!route.methods().contains(method)) {
            Header allow = new Header("Allow", String.join(", ", route.methods()));
            String message = path + " takes " + allow.value() + ", not " + method;
            return api ? Responses.jsonError(startResponse, "405 Method Not Allowed", message, null, allow)
                    : Responses.error(environ, startResponse, "405 Method Not Allowed", message, null, allow);
        }
        try {
            return route.page().call(environ, startResponse);
        } catch (ClientError e) {
            return api ? Responses.jsonError(startResponse, e.status(), e.getMessage(), e)
                    : Responses.error(environ, startResponse, e.status(), e.getMessage(), e);
        }
    }
}
