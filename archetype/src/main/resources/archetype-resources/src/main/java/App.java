package ${package};

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.form.Form;

/**
 * The application: {@code GET /?name=Ada} answers {@code Hello, Ada!}; any other path is a 404.
 * It is written only against the jwsgi contract, so the same class runs on the bundled server
 * ({@link Main}), on Jetty and Tomcat, and in the WAR (named in {@code WEB-INF/web.xml}).
 */
public class App implements Application {

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) {
        String path = (String) environ.get(Environ.PATH_INFO);
        if (!path.isEmpty() && !path.equals("/")) {
            return text(startResponse, "404 Not Found", "No page at " + path + "\n");
        }
        String name = Form.fromQuery(environ).first("name", "World");
        return text(startResponse, "200 OK", "Hello, " + name + "!\n");
    }

    private static List<byte[]> text(StartResponse startResponse, String status, String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        startResponse.start(status, List.of(
                new Header("Content-Type", "text/plain; charset=utf-8"),
                new Header("Content-Length", Integer.toString(body.length))));
        return List.of(body);
    }
}
