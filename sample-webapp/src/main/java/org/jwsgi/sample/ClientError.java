package org.jwsgi.sample;

import java.util.Objects;

/**
 * A request the sample refuses, with the status to answer: thrown by the parsers and pages,
 * turned into an error page by {@link SampleApp}. The message is shown to the client, so it names
 * what was wrong and, for a limit, the limit.
 *
 * <pre>{@code
 * throw new ClientError("413 Content Too Large", "the upload is larger than the limit of 16777216 bytes");
 * }</pre>
 */
public final class ClientError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String status;

    /**
     * @param status a 4xx status line, e.g. {@code "400 Bad Request"}
     * @param message what was wrong, for the client to read
     */
    public ClientError(String status, String message) {
        super(Objects.requireNonNull(message, "message"));
        if (!status.matches("4\\d\\d .+")) {
            throw new IllegalArgumentException("a client error needs a 4xx status: \"" + status + "\"");
        }
        this.status = status;
    }

    /** The status line to answer with, e.g. {@code "400 Bad Request"}. */
    public String status() {
        return status;
    }

    static ClientError badRequest(String message) {
        return new ClientError("400 Bad Request", message);
    }
}
