package org.jwsgi.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.gateway.ErrorPage;
import org.jwsgi.gateway.ResponseStarter;
import org.jwsgi.gateway.WsgiEnviron;

/**
 * The socket-free {@link TestClient}: builds the environ the bundled server would build for the
 * request (as {@code wsgiref.util.setup_testing_defaults} does: {@code localhost:80}, client
 * {@code 127.0.0.1}), calls the application on the calling thread, and holds it to the contract
 * a server enforces: {@code start_response} before the body, a body as long as its
 * Content-Length, {@code close()} called. The application's own exceptions propagate as they are.
 * A path whose {@code ..} segments climb above the root is answered 400 without calling the
 * application, as on every server.
 */
final class AppClient implements TestClient {

    private final Application app;

    AppClient(Application app) {
        this.app = Objects.requireNonNull(app, "app");
    }

    @Override
    public TestRequest request(String method, String target) {
        return new TestRequest(method, target, true, this::send);
    }

    static Map<String, Object> environ(TestRequest request, StringWriter errors) {
        String target = request.target();
        int q = target.indexOf('?');
        Map<String, Object> env = new HashMap<>();
        env.put(Environ.REQUEST_METHOD, request.method());
        env.put(Environ.SCRIPT_NAME, "");
        // decoded without dot segments, as every server does; climbing above the root throws
        env.put(Environ.PATH_INFO, WsgiEnviron.decodePath(q < 0 ? target : target.substring(0, q)));
        env.put(Environ.QUERY_STRING, q < 0 ? "" : target.substring(q + 1));
        env.put(Environ.REQUEST_URI, target);
        env.put(Environ.SERVER_PROTOCOL, "HTTP/1.1");
        env.put(Environ.SERVER_SOFTWARE, "jwsgi-testclient");
        env.put(Environ.SERVER_NAME, "localhost");
        env.put(Environ.SERVER_PORT, "80");
        env.put(Environ.REMOTE_ADDR, "127.0.0.1");
        env.put(Environ.REMOTE_PORT, "49152");
        env.put(Environ.HTTP_HOST, "localhost");
        boolean hostSet = false;
        for (Header h : request.headers()) {
            String key = WsgiEnviron.headerKey(h.name());
            if (key != null) {
                if (key.equals(Environ.HTTP_HOST) && !hostSet) {
                    env.remove(key);
                    hostSet = true;
                }
                env.merge(key, h.value(), (a, b) -> a + "," + b);
            }
        }
        byte[] body = request.bodyBytes();
        if (request.bodyStream() != null) {
            if (request.bodyStreamLength() >= 0) {
                env.put(Environ.CONTENT_LENGTH, Long.toString(request.bodyStreamLength()));
            }
        } else if (body.length > 0 || !env.containsKey(Environ.CONTENT_LENGTH) && hasBody(request.method())) {
            env.put(Environ.CONTENT_LENGTH, Integer.toString(body.length));
        }
        WsgiEnviron.putWsgiKeys(env, "http",
                request.bodyStream() != null ? request.bodyStream() : new ByteArrayInputStream(body),
                new PrintWriter(errors, true), false);
        env.putAll(request.environOverrides());
        return env;
    }

    private static boolean hasBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private TestResponse send(TestRequest request) {
        StringWriter errors = new StringWriter();
        Map<String, Object> env;
        try {
            env = environ(request, errors);
        } catch (IllegalArgumentException aboveRoot) {
            // what every server answers a path whose ".." climbs above the root: the app never sees it
            byte[] page = ErrorPage.body(400, WsgiEnviron.PATH_ABOVE_ROOT);
            return new TestResponse(400, List.of(new Header("Content-Type", ErrorPage.CONTENT_TYPE),
                    new Header("Content-Length", Integer.toString(page.length))), page, List.of(page), "", true);
        }
        List<byte[]> chunks = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ResponseStarter[] self = new ResponseStarter[1];
        ResponseStarter starter = new ResponseStarter(data -> {
            if (data.length > 0) {
                self[0].markCommitted(); // write() sends the headers first, as on a server
            }
            chunks.add(data.clone());
            body.write(data, 0, data.length);
        });
        self[0] = starter;
        Iterable<byte[]> result = null;
        boolean[] closed = {false};
        try {
            result = app.call(env, starter);
            if (result == null) {
                throw new NullPointerException("the application returned null instead of a body");
            }
            for (byte[] chunk : result) {
                if (chunk == null) {
                    throw new NullPointerException("the application's body yielded a null chunk");
                }
                if (chunk.length > 0) {
                    starter.requireStarted();
                    // a server sends the headers with the first non-empty chunk: from here on
                    // start_response with exc_info must rethrow it, here as there
                    starter.markCommitted();
                }
                chunks.add(chunk.clone());
                body.write(chunk, 0, chunk.length);
            }
            starter.requireStarted();
        } catch (Throwable t) {
            throw AppClient.<RuntimeException>sneaky(t);
        } finally {
            if (result instanceof AutoCloseable c) {
                try {
                    c.close();
                    closed[0] = true;
                } catch (Exception e) {
                    throw AppClient.<RuntimeException>sneaky(e);
                }
            } else {
                closed[0] = true;
            }
        }
        int status = starter.status().code();
        boolean noBody = request.method().equals("HEAD") || starter.status().forbidsBody();
        long length = starter.contentLength();
        if (!noBody && length >= 0 && length != body.size()) {
            throw new IllegalStateException("the body holds " + body.size() + " bytes but the application's"
                    + " Content-Length says " + length);
        }
        return new TestResponse(status, starter.headers(), noBody ? new byte[0] : body.toByteArray(), chunks,
                errors.toString(), closed[0]);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t; // the application's exception, as it is, checked or not
    }
}
