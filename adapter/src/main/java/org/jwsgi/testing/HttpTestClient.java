package org.jwsgi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jwsgi.Header;

/** The {@link TestClient} over HTTP/1.1, on {@code java.net.http.HttpClient}; no redirects followed. */
final class HttpTestClient implements TestClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient client;

    HttpTestClient(URI base) {
        this.base = Objects.requireNonNull(base, "base");
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();
    }

    @Override
    public TestRequest request(String method, String target) {
        return new TestRequest(method, target, false, this::send);
    }

    private TestResponse send(TestRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(request.target())).timeout(TIMEOUT)
                .method(request.method(), publisher(request));
        for (Header h : request.headers()) {
            builder.header(h.name(), h.value());
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.target() + " to " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + request.target(), e);
        }
        List<Header> headers = new ArrayList<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                values.forEach(v -> headers.add(new Header(name, v)));
            }
        });
        return new TestResponse(response.statusCode(), headers, response.body(), List.of(response.body()), "", true);
    }

    private static HttpRequest.BodyPublisher publisher(TestRequest request) {
        if (request.bodyStream() != null) {
            HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(request::bodyStream);
            return request.bodyStreamLength() < 0 ? stream
                    : HttpRequest.BodyPublishers.fromPublisher(stream, request.bodyStreamLength());
        }
        return request.bodyBytes().length == 0 && !hasBody(request.method()) ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.bodyBytes());
    }

    private static boolean hasBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
