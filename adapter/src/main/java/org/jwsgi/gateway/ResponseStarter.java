package org.jwsgi.gateway;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.Status;
import org.jwsgi.Write;

/**
 * The state behind one {@link StartResponse}, shared by every jwsgi server so that PEP 3333's
 * rules hold the same way on all of them. A server makes one per request, hands it to the
 * application, and asks it for the status and headers when the first body bytes are ready.
 *
 * <pre>{@code
 * ResponseStarter starter = new ResponseStarter(data -> sendNow(data));
 * Iterable<byte[]> body = app.call(environ, starter);
 * // ... on the first non-empty chunk:
 * starter.requireStarted();
 * writeHead(starter.status(), starter.headers());
 * starter.markCommitted();
 * }</pre>
 */
public final class ResponseStarter implements StartResponse {

    private final Write sink;
    private Status status;
    private List<Header> headers;
    private boolean committed;

    /**
     * @param sink what the legacy write callable does once the checks pass: send the bytes,
     *     committing the headers first if they are not yet on the wire
     */
    public ResponseStarter(Write sink) {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public Write start(String status, List<Header> headers, Throwable excInfo) {
        if (excInfo != null) {
            if (committed) {
                throw ResponseStarter.<RuntimeException>sneaky(excInfo);
            }
        } else if (this.status != null) {
            throw new IllegalStateException("start_response already called (status "
                    + Ascii.quote(this.status.toString()) + "); pass exc_info to replace it");
        }
        Status parsed = Status.parse(status);
        List<Header> copy = List.copyOf(Objects.requireNonNull(headers, "headers"));
        for (Header h : copy) {
            if (h.isHopByHop()) {
                throw new IllegalArgumentException("hop-by-hop header not allowed from an application: "
                        + Ascii.quote(h.name()));
            }
        }
        this.status = parsed;
        this.headers = copy;
        return this::write;
    }

    private void write(byte[] data) throws IOException {
        requireStarted();
        sink.write(Objects.requireNonNull(data, "data"));
    }

    /** Whether {@code start_response} has been called. */
    public boolean started() {
        return status != null;
    }

    /** @throws IllegalStateException if the application has not called {@code start_response} */
    public void requireStarted() {
        if (status == null) {
            throw new IllegalStateException("start_response was not called before the body");
        }
    }

    /** The status the application set last; {@code null} before it called {@code start_response}. */
    public Status status() {
        return status;
    }

    /** The headers the application set last (immutable); {@code null} before {@code start_response}. */
    public List<Header> headers() {
        return headers;
    }

    /** The server calls this once the status line and headers have gone out. */
    public void markCommitted() {
        committed = true;
    }

    /** Whether the headers have gone out: from then on {@code exc_info} is rethrown. */
    public boolean committed() {
        return committed;
    }

    /**
     * The application's Content-Length, or -1 when it set none.
     *
     * @throws IllegalArgumentException if it set one that is not plain digits, or several
     * @throws IllegalStateException before {@code start_response} was called
     */
    public long contentLength() {
        requireStarted();
        long length = -1;
        for (Header h : headers) {
            if (h.is("Content-Length")) {
                if (length >= 0) {
                    throw new IllegalArgumentException("Content-Length set twice by the application");
                }
                length = parseLength(h.value());
            }
        }
        return length;
    }

    /**
     * Refuses, before anything is sent, a body known to hold {@code known} bytes when that is
     * fewer than the application's Content-Length: a 500 beats a response cut short. HEAD bodies
     * may be empty (their length means nothing), and 1xx/204/304 have none.
     *
     * @throws IllegalStateException naming both lengths
     */
    public void requireLengthCovered(long known, boolean head) {
        long appLength = contentLength();
        if (!head && appLength > known && !status.forbidsBody()) {
            throw new IllegalStateException("the body holds " + known + " bytes, fewer than its Content-Length "
                    + appLength);
        }
    }

    private static long parseLength(String value) {
        long length = Ascii.parseLength(value.strip());
        if (length < 0) {
            throw new IllegalArgumentException("Content-Length is not a length: " + Ascii.quote(value));
        }
        return length;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t; // PEP 3333: re-raise exc_info as it is, checked or not
    }
}
