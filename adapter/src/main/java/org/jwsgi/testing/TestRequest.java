package org.jwsgi.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jwsgi.Header;

/**
 * A request being built by a {@link TestClient}; {@link #send()} sends it.
 *
 * <pre>{@code
 * client.request("PUT", "/doc/1").header("Content-Type", "text/plain").body("new text").send();
 * }</pre>
 */
public final class TestRequest {

    private final String method;
    private final String target;
    private final Function<TestRequest, TestResponse> sender;
    private final boolean socketFree;
    private final List<Header> headers = new ArrayList<>();
    private final Map<String, Object> environ = new LinkedHashMap<>();
    private byte[] body = new byte[0];

    TestRequest(String method, String target, boolean socketFree, Function<TestRequest, TestResponse> sender) {
        this.method = Objects.requireNonNull(method, "method");
        this.target = Objects.requireNonNull(target, "target");
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("target must start with \"/\": \"" + target + "\"");
        }
        this.sender = sender;
        this.socketFree = socketFree;
    }

    /** Adds a request header (repeats are kept, in order). */
    public TestRequest header(String name, String value) {
        headers.add(new Header(name, value));
        return this;
    }

    /** The request body. */
    public TestRequest body(byte[] bytes) {
        this.body = Objects.requireNonNull(bytes, "bytes").clone();
        return this;
    }

    /** The request body, encoded as UTF-8. */
    public TestRequest body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sets an environ entry directly, after the synthesized ones (socket-free client only):
     * {@code environ("wsgi.url_scheme", "https")}, {@code environ("REMOTE_ADDR", "10.0.0.7")}.
     *
     * @throws UnsupportedOperationException on the HTTP client, where the server builds the environ
     */
    public TestRequest environ(String key, Object value) {
        if (!socketFree) {
            throw new UnsupportedOperationException("environ(...) is for the socket-free client; over HTTP the "
                    + "server builds the environ");
        }
        environ.put(Objects.requireNonNull(key, "key"), value);
        return this;
    }

    /** Sends the request and returns the whole response. */
    public TestResponse send() {
        return sender.apply(this);
    }

    String method() {
        return method;
    }

    String target() {
        return target;
    }

    List<Header> headers() {
        return headers;
    }

    Map<String, Object> environOverrides() {
        return environ;
    }

    byte[] bodyBytes() {
        return body;
    }
}
