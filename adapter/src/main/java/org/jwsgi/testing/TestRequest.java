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
    private java.io.InputStream stream;
    private long streamLength = -1;

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
        this.stream = null;
        return this;
    }

    /**
     * A streamed request body, read once: for large uploads that should not sit in memory. With
     * {@code length} ≥ 0 it is sent with that Content-Length; with -1, without one (chunked over
     * HTTP; no CONTENT_LENGTH in the socket-free environ).
     *
     * <pre>{@code
     * client.request("POST", "/upload").header("Content-Type", "application/octet-stream")
     *         .body(Files.newInputStream(bigFile), Files.size(bigFile)).send();
     * }</pre>
     */
    public TestRequest body(java.io.InputStream in, long length) {
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or >= 0: " + length);
        }
        this.stream = Objects.requireNonNull(in, "in");
        this.streamLength = length;
        this.body = new byte[0];
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

    /** The streamed body, or null when the body is {@link #bodyBytes()}. */
    java.io.InputStream bodyStream() {
        return stream;
    }

    /** The streamed body's length, -1 when unknown. */
    long bodyStreamLength() {
        return streamLength;
    }
}
