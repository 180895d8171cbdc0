package org.jwsgi.python;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * One request the comparison tests send to both servers, and how its answers are compared.
 *
 * @param kind {@code body}: status, Content-Type and body byte for byte; {@code environ}: a JSON
 *     object of the environ, key by key after {@link Masks}; {@code demo}: wsgiref's demo_app's
 *     "key = repr(value)" lines, the same way
 */
record Exchange(String name, String method, String target, List<String> headers, byte[] body, boolean chunked,
        String kind) {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    static Exchange get(String name, String target, String kind, String... headers) {
        return new Exchange(name, "GET", target, List.of(headers), null, false, kind);
    }

    static Exchange post(String name, String target, String contentType, String body, String kind) {
        return new Exchange(name, "POST", target, List.of("Content-Type", contentType),
                body.getBytes(StandardCharsets.UTF_8), false, kind);
    }

    static Exchange post(String name, String target, String contentType, byte[] body, String kind) {
        return new Exchange(name, "POST", target, List.of("Content-Type", contentType), body, false, kind);
    }

    /** The same POST with a chunked body (no Content-Length). */
    Exchange asChunked() {
        return new Exchange(name + " (chunked)", method, target, headers, body, true, kind);
    }

    HttpResponse<byte[]> send(URI base) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(target)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            b.header(headers.get(i), headers.get(i + 1));
        }
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        return CLIENT.send(b.method(method, publisher).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public String toString() {
        return name + " (" + method + " " + target + ")";
    }
}
