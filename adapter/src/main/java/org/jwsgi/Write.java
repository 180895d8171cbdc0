package org.jwsgi;

import java.io.IOException;

/**
 * PEP 3333's legacy {@code write(data)} callable, returned by {@link StartResponse#start}.
 *
 * <p>Kept for applications ported from imperative frameworks: the bytes are sent (headers
 * first, if not yet sent) before the call returns. New code returns its body from
 * {@link Application#call} instead, which lets the server choose the framing.
 *
 * <pre>{@code
 * Write write = startResponse.start("200 OK", List.of());
 * write.write("partial ".getBytes(StandardCharsets.US_ASCII));
 * return List.of("rest".getBytes(StandardCharsets.US_ASCII));
 * }</pre>
 */
@FunctionalInterface
public interface Write {

    /**
     * Sends {@code data} to the client now.
     *
     * @throws IOException if the client is gone
     */
    void write(byte[] data) throws IOException;
}
