package org.jwsgi.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One real Python app served by jwsgi-python on each backend and by CPython's gunicorn, sent the
 * same requests: the statuses, Content-Types and bodies must be the same, and so must the
 * environ the app saw, but for what is the server's own (see {@link #SERVER_OWN}).
 *
 * <p>A subclass names the app, its requests, the Debian packages it needs and the model (see
 * {@link #model()} for the gunicorn worker each is compared with).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SameAsGunicornTest {

    /**
     * Environ keys that are each server's own: its name, the client's port, gunicorn's socket and
     * raw URI, jwsgi's raw request-target (docs/python.md lists them).
     */
    static final Set<String> SERVER_OWN = Set.of("SERVER_SOFTWARE", "REMOTE_PORT", "RAW_URI", "REQUEST_URI",
            "gunicorn.socket");
    /** Keys whose values are objects of each server's own classes: present on both, values not compared. */
    static final Set<String> OBJECTS = Set.of("wsgi.input", "wsgi.errors", "wsgi.file_wrapper");

    private PythonApp app;
    private Gunicorn gunicorn;

    /** MODULE:CALLABLE in src/test/python. */
    abstract String callable();

    /** The requests to send to both, in order. */
    abstract List<Exchange> exchanges();

    /** The Debian packages the app needs (skipped loudly where missing, unless required). */
    abstract List<String> debianPackages();

    /**
     * The model, {@link Model#SHARED} by default, compared with gunicorn's {@code gthread} worker
     * (one process, 4 threads); {@link Model#POOL} (2 contexts) with 2 {@code sync} workers: both
     * pairs say the same wsgi.multithread and wsgi.multiprocess.
     */
    Model model() {
        return Model.SHARED;
    }

    @BeforeAll
    void start() throws Exception {
        for (String p : debianPackages()) {
            DebianPackages.require(p);
        }
        Gunicorn.program();
        boolean pool = model() == Model.POOL;
        gunicorn = pool ? Gunicorn.start(callable(), "sync", 2, 1) : Gunicorn.start(callable(), "gthread", 1, 4);
        app = PythonApp.start(TestApps.options(callable()).withPythonPath(List.of(TestApps.DIR, TestApps.DIST_PACKAGES))
                .withModel(model()).withContexts(2));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (gunicorn != null) {
            gunicorn.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"builtin", "jetty", "tomcat"})
    void answersAsGunicornDoes(String backend) throws Exception {
        try (RunningServer server = Backend.named(backend).start(app, ServerOptions.defaults().withPort(0).withThreading(Threading.POOL))) {
            SoftAssertions soft = new SoftAssertions();
            for (Exchange x : exchanges()) {
                HttpResponse<byte[]> cpython = x.send(gunicorn.uri());
                HttpResponse<byte[]> graal = x.send(server.uri());
                compare(soft, x, cpython, gunicorn.port(), graal, server.port());
            }
            soft.assertAll();
        }
    }

    static void compare(SoftAssertions soft, Exchange x, HttpResponse<byte[]> cpython, int cpythonPort,
            HttpResponse<byte[]> graal, int graalPort) {
        soft.assertThat(graal.statusCode()).as(x + ": status").isEqualTo(cpython.statusCode());
        // Jetty and Tomcat write the app's "text/html; charset=utf-8" as "text/html;charset=utf-8"
        // (the servlet API re-renders a Content-Type with a charset): the same type, spelt their way
        soft.assertThat(graal.headers().firstValue("Content-Type").map(SameAsGunicornTest::mediaType)).as(x + ": Content-Type")
                .isEqualTo(cpython.headers().firstValue("Content-Type").map(SameAsGunicornTest::mediaType));
        String expected = new String(cpython.body(), StandardCharsets.UTF_8);
        String actual = new String(graal.body(), StandardCharsets.UTF_8);
        switch (x.kind()) {
            case "body" -> soft.assertThat(actual).as(x + ": body").isEqualTo(expected);
            case "environ" -> soft.assertThat(environ(Json.object(actual), graalPort)).as(x + ": environ")
                    .isEqualTo(environ(Json.object(expected), cpythonPort));
            case "demo" -> soft.assertThat(demo(actual, graalPort)).as(x + ": demo_app's environ")
                    .isEqualTo(demo(expected, cpythonPort));
            default -> throw new IllegalArgumentException(x.kind());
        }
    }

    private static String mediaType(String contentType) {
        return contentType.replace("; ", ";");
    }

    /** The environ without the server's own keys, object values masked, the port as PORT. */
    static Map<String, Object> environ(Map<String, Object> env, int port) {
        Map<String, Object> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (!SERVER_OWN.contains(k)) {
                out.put(k, OBJECTS.contains(k) ? "<object>"
                        : v instanceof String s ? s.replace(String.valueOf(port), "PORT") : v);
            }
        });
        return out;
    }

    /** demo_app's "Hello world!" and "KEY = repr(value)" lines, as a map, masked the same way. */
    static Map<String, Object> demo(String text, int port) {
        Map<String, Object> env = new TreeMap<>();
        assertThat(text).startsWith("Hello world!");
        for (String line : text.split("\n")) {
            int eq = line.indexOf(" = ");
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 3));
            }
        }
        return environ(env, port);
    }
}
