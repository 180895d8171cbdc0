package org.jwsgi.util;

import java.util.List;
import java.util.Objects;
import org.jwsgi.StartResponse;

/**
 * A request jwsgi's helpers (forms, uploads, cookies) refuse, with the status a server should answer:
 * {@code 400} for malformed input, {@code 413} when a limit trips (the message names the limit
 * and its value), {@code 415} for a media type or charset they cannot read. It is an
 * {@link IllegalArgumentException}, so code that only parses strings may treat it as one.
 *
 * <pre>{@code
 * try {
 *     Form form = Form.fromBody(environ);
 *     ...
 * } catch (ClientError e) {
 *     return e.respond(startResponse);   // "413 Content Too Large", text/plain message
 * }
 * }</pre>
 *
 * <p>The message is safe to show the client: it quotes only the client's own input.
 */
public final class ClientError extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private static final String BAD_REQUEST = "400 Bad Request";
    private static final String TOO_LARGE = "413 Content Too Large";
    private static final String UNSUPPORTED = "415 Unsupported Media Type";

    private final String status;
    private final String limit;

    /**
     * @param status a 4xx status line, e.g. {@code "400 Bad Request"}
     * @param message what was wrong, for the client to read
     * @param limit the name of the option that tripped ({@code "maxBytes"}), or {@code null}
     */
    public ClientError(String status, String message, String limit) {
        super(Objects.requireNonNull(message, "message"));
        if (status == null || !status.matches("4\\d\\d [^\\r\\n]+")) {
            throw new IllegalArgumentException("a client error needs a 4xx status line: \"" + status + "\"");
        }
        this.status = status;
        this.limit = limit;
    }

    /** The status line to answer, e.g. {@code "413 Content Too Large"}. */
    public String status() {
        return status;
    }

    /** The status code, e.g. {@code 413}. */
    public int code() {
        return Integer.parseInt(status.substring(0, 3));
    }

    /** The option that tripped ({@code "maxFields"}), or {@code null} when no limit did. */
    public String limit() {
        return limit;
    }

    /** Answers this error: its status, and its message as a {@code text/plain} body. */
    public List<byte[]> respond(StartResponse startResponse) {
        return Responses.text(startResponse, status, getMessage());
    }

    /** {@code 400 Bad Request}: the input is malformed. */
    public static ClientError badRequest(String message) {
        return new ClientError(BAD_REQUEST, message, null);
    }

    /** {@code 413 Content Too Large}: the option {@code limit} tripped; {@code message} names it and its value. */
    public static ClientError tooLarge(String message, String limit) {
        return new ClientError(TOO_LARGE, message, limit);
    }

    /** {@code 415 Unsupported Media Type}: a media type or charset that cannot be read. */
    public static ClientError unsupported(String message) {
        return new ClientError(UNSUPPORTED, message, null);
    }
}
