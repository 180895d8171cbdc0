package org.jwsgi.sample;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@code multipart/form-data} request body as a browser sends it, built lazily so a 10 MB file
 * part is generated while it is sent, never held whole.
 *
 * <pre>{@code
 * MultipartBody body = new MultipartBody().field("note", "hi").file("file", "big.bin", 42, 10_000_000);
 * HttpRequest.newBuilder(uri).header("Content-Type", body.contentType()).POST(body.publisher());
 * }</pre>
 */
final class MultipartBody {

    static final String BOUNDARY = "----jwsgiFormBoundary7MA4YWxkTrZu0gW";

    private final List<Supplier<InputStream>> pieces = new ArrayList<>();
    private long length;

    String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

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
        List<Supplier<InputStream>> all = new ArrayList<>(pieces);
        byte[] close = ("--" + BOUNDARY + "--\r\n").getBytes(UTF_8);
        all.add(() -> new ByteArrayInputStream(close));
        Iterator<Supplier<InputStream>> it = all.iterator();
        // SequenceInputStream asks for each piece only when it gets to it: the file is made while it is read
        return new SequenceInputStream(new Enumeration<InputStream>() {
            @Override
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            @Override
            public InputStream nextElement() {
                return it.next().get();
            }
        });
    }

    long length() {
        return length + ("--" + BOUNDARY + "--\r\n").length();
    }

    /** For {@link java.net.http.HttpClient}: the stream with its Content-Length. */
    HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(this::stream), length());
    }

    /** The body's bytes, for the small bodies of unit tests. */
    byte[] bytes() throws java.io.IOException {
        try (InputStream in = stream()) {
            return in.readAllBytes();
        }
    }
}
