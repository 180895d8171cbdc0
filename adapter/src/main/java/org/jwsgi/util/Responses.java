package org.jwsgi.util;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;

/**
 * Small complete responses: a status, a plain-text message and its Content-Length, in one call.
 * What {@link ClientError#respond}, the middleware and {@code StaticFiles} answer with.
 *
 * <pre>{@code
 * return Responses.text(startResponse, "404 Not Found", "no such page: " + Uris.requestPath(environ));
 * }</pre>
 */
public final class Responses {

    private Responses() {
    }

    /**
     * Starts a {@code text/plain; charset=utf-8} response with {@code status} and {@code extra}
     * headers, and returns {@code message} and a newline, UTF-8 encoded, as its body.
     */
    public static List<byte[]> text(StartResponse startResponse, String status, String message, Header... extra) {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        List<Header> headers = new ArrayList<>(2 + extra.length);
        headers.add(new Header("Content-Type", "text/plain; charset=utf-8"));
        headers.add(new Header("Content-Length", Integer.toString(bytes.length)));
        headers.addAll(List.of(extra));
        startResponse.start(status, headers);
        return List.of(bytes);
    }
}
