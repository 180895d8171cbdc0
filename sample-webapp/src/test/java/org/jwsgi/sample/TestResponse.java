package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.jwsgi.Header;

/**
 * What an application answered to a {@link TestRequest}: status, headers, the non-empty body
 * chunks with the {@link System#nanoTime()} each came at, and what it wrote to {@code wsgi.errors}.
 *
 * <pre>{@code
 * assertThat(response.code()).isEqualTo(404);
 * assertThat(response.header("Content-Type")).startsWith("text/html");
 * }</pre>
 */
record TestResponse(String status, List<Header> headers, List<byte[]> chunks, List<Long> chunkNanos, String errors) {

    int code() {
        return Integer.parseInt(status.substring(0, 3));
    }

    /** The first header named {@code name} (any case), or {@code null}. */
    String header(String name) {
        return Header.first(headers, name);
    }

    byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }

    String text() {
        return new String(body(), UTF_8);
    }
}
