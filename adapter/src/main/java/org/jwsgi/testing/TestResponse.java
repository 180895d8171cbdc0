package org.jwsgi.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jwsgi.Header;

/**
 * A whole response as a {@link TestClient} received it.
 *
 * <pre>{@code
 * TestResponse r = client.get("/");
 * assertThat(r.status()).isEqualTo(200);
 * assertThat(r.header("Content-Type")).startsWith("text/html");
 * assertThat(r.text()).contains("<form");
 * }</pre>
 *
 * @param status the status code
 * @param headers the response headers in order (over HTTP, as the JDK client reports them:
 *     names in lower case, the server's own such as {@code Date} included)
 * @param body the body bytes
 * @param chunks the body as the application yielded it, chunk by chunk, empty chunks included
 *     (socket-free client); over HTTP, the body as one chunk
 * @param errors what the application wrote to {@code wsgi.errors} (socket-free client; empty over HTTP)
 * @param closed whether the body's {@code close()} was called, or it had none (socket-free
 *     client; {@code true} over HTTP, where the server is trusted with it)
 */
public record TestResponse(int status, List<Header> headers, byte[] body, List<byte[]> chunks, String errors,
        boolean closed) {

    public TestResponse {
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
        chunks = List.copyOf(chunks);
        Objects.requireNonNull(errors, "errors");
    }

    /** The first value of header {@code name} (any case), or {@code null}. */
    public String header(String name) {
        return Header.first(headers, name);
    }

    /** Every value of header {@code name} (any case), in order. */
    public List<String> headers(String name) {
        return headers.stream().filter(h -> h.is(name)).map(Header::value).toList();
    }

    /** The body decoded as UTF-8. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "TestResponse[" + status + ", " + headers + ", " + body.length + " bytes]";
    }
}
