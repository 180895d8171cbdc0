package org.jwsgi.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@code multipart/form-data} request body as a browser sends it, for testing uploads. It is
 * built lazily: a file part of {@link GeneratedBytes} is made while the body is read, never held
 * whole, so a test can send gigabytes.
 *
 * <pre>{@code
 * MultipartBody body = new MultipartBody().field("note", "hi").file("file", "big.bin", 42, 100_000_000);
 * TestResponse r = client.post("/upload")
 *         .header("Content-Type", body.contentType())
 *         .body(body.stream(), body.length())
 *         .send();
 * }</pre>
 */
public final class MultipartBody {

    /** The boundary every body of this class uses. */
    public static final String BOUNDARY = "----jwsgiFormBoundary7MA4YWxkTrZu0gW";
    private static final byte[] CLOSE = ("--" + BOUNDARY + "--\r\n").getBytes(UTF_8);

    private final List<Supplier<InputStream>> pieces = new ArrayList<>();
    private long length;

    /** Adds a text field. */
    public MultipartBody field(String name, String value) {
        text("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
        text(value);
        return text("\r\n");
    }

    /** Adds a file part holding {@code content}. */
    public MultipartBody file(String name, String filename, String type, byte[] content) {
        head(name, filename, type);
        pieces.add(() -> new ByteArrayInputStream(content));
        length += content.length;
        return text("\r\n");
    }

    /** Adds an {@code application/octet-stream} file part of {@code size} {@link GeneratedBytes} from {@code seed}. */
    public MultipartBody file(String name, String filename, long seed, long size) {
        head(name, filename, "application/octet-stream");
        pieces.add(() -> new GeneratedBytes(seed, size));
        length += size;
        return text("\r\n");
    }

    private void head(String name, String filename, String type) {
        text("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + type + "\r\n\r\n");
    }

    private MultipartBody text(String s) {
        byte[] bytes = s.getBytes(UTF_8);
        pieces.add(() -> new ByteArrayInputStream(bytes));
        length += bytes.length;
        return this;
    }

    /** The request's Content-Type, with the boundary. */
    public String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    /** The whole body with its closing delimiter; each call starts a fresh stream. */
    public InputStream stream() {
        // SequenceInputStream asks for each piece only when it gets to it; suppliers make each lazily
        return new SequenceInputStream(Collections.enumeration(new AbstractList<InputStream>() {
            @Override
            public InputStream get(int i) {
                return i < pieces.size() ? pieces.get(i).get() : new ByteArrayInputStream(CLOSE);
            }

            @Override
            public int size() {
                return pieces.size() + 1;
            }
        }));
    }

    /** The body's length in bytes: its Content-Length. */
    public long length() {
        return length + CLOSE.length;
    }

    /** The body's bytes, for the small bodies of unit tests. */
    public byte[] bytes() throws IOException {
        try (InputStream in = stream()) {
            return in.readAllBytes();
        }
    }

    /** For {@link java.net.http.HttpClient}: the stream, with its Content-Length. */
    public HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(this::stream),
                length());
    }

    /**
     * The three environ keys a body parser reads: {@code CONTENT_TYPE}, {@code CONTENT_LENGTH} and
     * this body as {@code wsgi.input}; for calling a parser without a server.
     */
    public Map<String, Object> environ() {
        Map<String, Object> env = new HashMap<>();
        env.put("CONTENT_TYPE", contentType());
        env.put("CONTENT_LENGTH", Long.toString(length()));
        env.put("wsgi.input", stream());
        return env;
    }
}
