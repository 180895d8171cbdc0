package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.FileWrapper;
import org.jwsgi.ResponseStarter;

/**
 * A request built in memory and run against an {@link Application} with no server and no socket:
 * the environ is filled as the bundled server fills it, {@code start_response} is the contract's
 * own {@link ResponseStarter} (so its rules apply), and the body is iterated and closed as a
 * server would, with the time each chunk came.
 *
 * <pre>{@code
 * TestResponse r = TestRequest.get("/hello?name=Ada").call(new SampleApp());
 * assertThat(r.text()).isEqualTo("Hello, Ada!\n");
 * }</pre>
 */
final class TestRequest {

    private final String method;
    private final String target;
    private final Map<String, Object> extra = new HashMap<>();
    private String scriptName = "";
    private InputStream body = InputStream.nullInputStream();

    private TestRequest(String method, String target) {
        this.method = method;
        this.target = target;
    }

    static TestRequest get(String target) {
        return new TestRequest("GET", target);
    }

    static TestRequest method(String method, String target) {
        return new TestRequest(method, target);
    }

    /** A POST of {@code body} with its Content-Length. */
    static TestRequest post(String target, String contentType, byte[] body) {
        return new TestRequest("POST", target).header("Content-Type", contentType)
                .header("Content-Length", Integer.toString(body.length)).body(new ByteArrayInputStream(body));
    }

    /** A urlencoded form POST of {@code form} (already encoded). */
    static TestRequest form(String target, String form) {
        return post(target, "application/x-www-form-urlencoded", form.getBytes(UTF_8));
    }

    /** Sets a request header (its environ key as a server derives it). */
    TestRequest header(String name, String value) {
        extra.put(Environ.headerKey(name), value);
        return this;
    }

    /** The body as a stream, with no Content-Length unless a header sets one (as a chunked request). */
    TestRequest body(InputStream in) {
        this.body = in;
        return this;
    }

    /** Mounts the application under {@code scriptName}, as a servlet context path does. */
    TestRequest scriptName(String scriptName) {
        this.scriptName = scriptName;
        return this;
    }

    /** Builds the environ, calls {@code app}, iterates and closes its body. */
    TestResponse call(Application app) throws Exception {
        int q = target.indexOf('?');
        Map<String, Object> env = new HashMap<>();
        env.put(Environ.REQUEST_METHOD, method);
        env.put(Environ.SCRIPT_NAME, scriptName);
        env.put(Environ.PATH_INFO, Environ.unquote(q < 0 ? target : target.substring(0, q)));
        env.put(Environ.QUERY_STRING, q < 0 ? "" : target.substring(q + 1));
        env.put(Environ.REQUEST_URI, scriptName + target);
        env.put(Environ.SERVER_NAME, "127.0.0.1");
        env.put(Environ.SERVER_PORT, "8000");
        env.put(Environ.SERVER_PROTOCOL, "HTTP/1.1");
        env.put(Environ.SERVER_SOFTWARE, "in-memory");
        env.put(Environ.REMOTE_ADDR, "127.0.0.1");
        env.put(Environ.HTTP_HOST, "127.0.0.1:8000");
        env.put(Environ.WSGI_VERSION, List.of(1, 0));
        env.put(Environ.WSGI_URL_SCHEME, "http");
        env.put(Environ.WSGI_INPUT, body);
        StringWriter errors = new StringWriter();
        env.put(Environ.WSGI_ERRORS, new PrintWriter(errors, true));
        env.put(Environ.WSGI_MULTITHREAD, Boolean.TRUE);
        env.put(Environ.WSGI_MULTIPROCESS, Boolean.FALSE);
        env.put(Environ.WSGI_RUN_ONCE, Boolean.FALSE);
        env.put(Environ.WSGI_FILE_WRAPPER, FileWrapper.DEFAULT);
        env.put(Environ.WSGI_INPUT_TERMINATED, Boolean.TRUE);
        env.putAll(extra);

        List<byte[]> written = new ArrayList<>();
        ResponseStarter starter = new ResponseStarter(written::add);
        Iterable<byte[]> result = app.call(env, starter);
        List<byte[]> chunks = new ArrayList<>(written);
        List<Long> times = new ArrayList<>();
        try {
            for (byte[] chunk : result) {
                if (chunk.length > 0) {
                    starter.requireStarted(); // the contract: headers before the first non-empty chunk
                    chunks.add(chunk);
                    times.add(System.nanoTime());
                }
            }
        } finally {
            if (result instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
        starter.requireStarted();
        return new TestResponse(starter.status().toString(), starter.headers(), chunks, times, errors.toString());
    }
}
