package org.jwsgi.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jwsgi.Application;

/**
 * A client for tests, with one API two ways: {@link #of(Application)} calls the application
 * directly with a synthesized environ (no socket, no thread: the fastest unit test of an app),
 * {@link #of(URI)} sends real HTTP/1.1 requests to a running server (what {@link EachBackend}
 * injects).
 *
 * <pre>{@code
 * TestClient client = TestClient.of(new MyApp());
 * TestResponse r = client.request("POST", "/items").header("Content-Type", "application/json").body("{}").send();
 * assertThat(r.status()).isEqualTo(201);
 * }</pre>
 */
public interface TestClient {

    /** A socket-free client: each request calls {@code app} on the calling thread. */
    static TestClient of(Application app) {
        return new AppClient(app);
    }

    /**
     * A client sending requests over HTTP/1.1 to {@code base} (targets resolve against it). It
     * uses {@code java.net.http.HttpClient}, which sets {@code Host}, {@code Content-Length},
     * {@code Connection} and {@code Expect} itself and refuses them as request headers.
     */
    static TestClient of(URI base) {
        return new HttpTestClient(base);
    }

    /** A request to build: {@code target} is the path and query, e.g. {@code "/search?q=a%20b"}. */
    TestRequest request(String method, String target);

    /** Sends {@code GET target}. */
    default TestResponse get(String target) {
        return request("GET", target).send();
    }

    /** Sends {@code POST target} with {@code body} (UTF-8) of {@code contentType}. */
    default TestResponse post(String target, String contentType, String body) {
        return request("POST", target).header("Content-Type", contentType)
                .body(body.getBytes(StandardCharsets.UTF_8)).send();
    }
}
