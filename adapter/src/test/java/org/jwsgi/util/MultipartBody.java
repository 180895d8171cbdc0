package org.jwsgi.util;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@code multipart/form-data} body as a browser sends it, built lazily so a 100 MB file part
 * is generated while it is read, never held whole.
 *
 * <pre>{@code
 * MultipartBody body = new MultipartBody().field("note", "hi").file("file", "big.bin", 42, 100_000_000);
 * Map<String, Object> environ = body.environ();
 * }</pre>
 */
final class MultipartBody {

    static final String BOUNDARY = "----jwsgiFormBoundary7MA4YWxkTrZu0gW";

    private final List<Supplier<InputStream>> pieces = new ArrayList<>();
    private long length;

    MultipartBody field(String name, String value) {
        text("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
        text(value);
        return text("\r\n");
    }

    MultipartBody file(String name, String filename, String type, byte[] content) {
        head(name, filename, type);
        pieces.add(() -> new ByteArrayInputStream(content));
        length += content.length;
        return text("\r\n");
    }

    /** A file part of {@code size} bytes of {@link GeneratedBytes} from {@code seed}. */
    MultipartBody file(String name, String filename, long seed, long size) {
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

    /** The whole body with its closing delimiter; each call starts a fresh stream. */
    InputStream stream() {
        byte[] close = ("--" + BOUNDARY + "--\r\n").getBytes(UTF_8);
        // SequenceInputStream asks for each piece only when it gets to it; suppliers make each lazily
        return new SequenceInputStream(Collections.enumeration(new AbstractList<InputStream>() {
            @Override
            public InputStream get(int i) {
                return i < pieces.size() ? pieces.get(i).get() : new ByteArrayInputStream(close);
            }

            @Override
            public int size() {
                return pieces.size() + 1;
            }
        }));
    }

    long length() {
        return length + ("--" + BOUNDARY + "--\r\n").length();
    }

    byte[] bytes() throws IOException {
        try (InputStream in = stream()) {
            return in.readAllBytes();
        }
    }

    /** An environ with this body as {@code wsgi.input}, its Content-Type and Content-Length. */
    Map<String, Object> environ() {
        Map<String, Object> env = new HashMap<>();
        env.put("CONTENT_TYPE", "multipart/form-data; boundary=" + BOUNDARY);
        env.put("CONTENT_LENGTH", Long.toString(length()));
        env.put("wsgi.input", stream());
        return env;
    }
}
