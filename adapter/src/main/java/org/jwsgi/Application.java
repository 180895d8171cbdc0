package org.jwsgi;

import java.util.Map;

/**
 * A WSGI application: PEP 3333's {@code app(environ, start_response)} in Java.
 *
 * <p>The server calls {@link #call} once per request with a fresh, mutable environ (keys in
 * {@link Environ}) and a {@link StartResponse}. The application calls {@code start_response}
 * with a status and headers (at the latest while the server iterates the first element of the
 * returned body) and returns the body as byte chunks. Each chunk is sent before the next one is
 * asked for. If the returned iterable is {@link AutoCloseable}, the server closes it exactly
 * once, whatever happens.
 *
 * <pre>{@code
 * Application hello = (environ, startResponse) -> {
 *     startResponse.start("200 OK", List.of(new Header("Content-Type", "text/plain")));
 *     return List.of("Hello, World!\n".getBytes(StandardCharsets.US_ASCII));
 * };
 * try (WsgiServer server = WsgiServer.create(hello, ServerOptions.defaults().withPort(8000)).start()) {
 *     server.awaitStop();
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Application {

    /**
     * Handles one request.
     *
     * @param environ the request, as PEP 3333 describes it; the application may change it
     * @param startResponse begins the response; see {@link StartResponse}
     * @return the body chunks; an empty chunk is allowed and sends nothing
     * @throws Exception anything; before the headers went out the server answers 500, after
     *     it closes the connection so the truncated response never looks complete
     */
    Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws Exception;
}
