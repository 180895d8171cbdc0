package org.jwsgi.bench;

import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * An incremental HTTP/1.1 response reader for the measuring clients: fed the bytes of one response
 * as they arrive, split anywhere, it finds where the response ends (Content-Length, chunked, or
 * the end of the stream) without copying the body, and keeps the status, whether the connection
 * stays open, and the first bytes of the body. Interim 1xx responses are skipped.
 *
 * <pre>{@code
 * HttpResponseReader reader = new HttpResponseReader();
 * while (!reader.feed(buffer)) {   // consumes from buffer, stops at the end of the response
 *     buffer.clear();
 *     if (channel.read(buffer) < 0 && !reader.endOfStream()) throw new EOFException();
 *     buffer.flip();
 * }
 * }</pre>
 */
final class HttpResponseReader {

    /** How many body bytes are kept for {@link #bodyStart()}: enough for the upload's answer. */
    static final int KEPT_BODY_BYTES = 64;
    private static final int MAX_LINE = 8192;

    private enum State { STATUS_LINE, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_EOF, DONE }

    private final StringBuilder line = new StringBuilder();
    private final StringBuilder bodyStart = new StringBuilder();
    private State state;
    private int status;
    private boolean http10;
    private boolean close;
    private boolean keepAliveToken;
    private long contentLength;
    private boolean chunked;
    private long remaining;
    private long bodyBytes;

    HttpResponseReader() {
        reset();
    }

    /** Prepares for the next response on the same connection. */
    void reset() {
        line.setLength(0);
        bodyStart.setLength(0);
        state = State.STATUS_LINE;
        status = 0;
        resetHeaders();
        bodyBytes = 0;
    }

    private void resetHeaders() {
        http10 = false;
        close = false;
        keepAliveToken = false;
        contentLength = -1;
        chunked = false;
    }

    /**
     * Consumes bytes from {@code buf} up to the end of the response, leaving what follows it.
     *
     * @return whether the response is complete
     * @throws ProtocolException if the bytes are not an HTTP/1.x response
     */
    boolean feed(ByteBuffer buf) throws ProtocolException {
        while (buf.hasRemaining() && state != State.DONE) {
            switch (state) {
                case BODY, CHUNK_DATA, UNTIL_EOF -> skipBody(buf);
                default -> {
                    if (readLine(buf)) {
                        line(line.toString());
                        line.setLength(0);
                    }
                }
            }
        }
        return state == State.DONE;
    }

    /**
     * The peer closed the connection: completes a response delimited by the end of the stream.
     *
     * @return whether the response is complete (false: it was cut short)
     */
    boolean endOfStream() {
        if (state == State.UNTIL_EOF) {
            state = State.DONE;
            close = true;
        }
        return state == State.DONE;
    }

    boolean done() {
        return state == State.DONE;
    }

    /** The final status code; 0 before the status line. */
    int status() {
        return status;
    }

    /** Whether the connection may carry another request after this response. */
    boolean keepAlive() {
        return !close && (!http10 || keepAliveToken);
    }

    /** The body's length so far (decoded from chunks). */
    long bodyBytes() {
        return bodyBytes;
    }

    /** The first {@value #KEPT_BODY_BYTES} bytes of the body, as ISO-8859-1. */
    String bodyStart() {
        return bodyStart.toString();
    }

    /** Appends to {@link #line} up to a LF; true once the line is complete (without its CRLF). */
    private boolean readLine(ByteBuffer buf) throws ProtocolException {
        while (buf.hasRemaining()) {
            char c = (char) (buf.get() & 0xFF);
            if (c == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') {
                    line.setLength(n - 1);
                }
                return true;
            }
            if (line.length() == MAX_LINE) {
                throw new ProtocolException("response line longer than " + MAX_LINE + " bytes");
            }
            line.append(c);
        }
        return false;
    }

    private void line(String text) throws ProtocolException {
        switch (state) {
            case STATUS_LINE -> statusLine(text);
            case HEADERS -> {
                if (text.isEmpty()) {
                    endOfHead();
                } else {
                    field(text);
                }
            }
            case CHUNK_SIZE -> {
                int semicolon = text.indexOf(';');
                String hex = (semicolon < 0 ? text : text.substring(0, semicolon)).strip();
                try {
                    remaining = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("bad chunk size: " + text);
                }
                state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_END -> {
                if (!text.isEmpty()) {
                    throw new ProtocolException("no CRLF after a chunk");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (text.isEmpty()) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.toString());
        }
    }

    private void statusLine(String text) throws ProtocolException {
        if (text.length() < 12 || !text.startsWith("HTTP/1.") || text.charAt(8) != ' ') {
            throw new ProtocolException("not an HTTP/1.x status line: " + text);
        }
        try {
            status = Integer.parseInt(text.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad status code: " + text);
        }
        resetHeaders();
        http10 = text.charAt(7) == '0';
        state = State.HEADERS;
    }

    private void field(String text) throws ProtocolException {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new ProtocolException("header field without a name: " + text);
        }
        String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
        switch (name) {
            case "content-length" -> {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("bad Content-Length: " + text);
                }
            }
            case "transfer-encoding" -> chunked = value.endsWith("chunked");
            case "connection" -> {
                for (String token : value.split(",")) {
                    close |= token.strip().equals("close");
                    keepAliveToken |= token.strip().equals("keep-alive");
                }
            }
            default -> {
                // not needed to find the end of the response
            }
        }
    }

    private void endOfHead() {
        if (status < 200) {
            state = State.STATUS_LINE; // an interim response: the final one follows
            return;
        }
        if (status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.DONE : State.BODY;
        } else {
            state = State.UNTIL_EOF;
        }
    }

    private void skipBody(ByteBuffer buf) {
        int n = state == State.UNTIL_EOF ? buf.remaining() : (int) Math.min(buf.remaining(), remaining);
        for (int i = 0; i < n && bodyStart.length() < KEPT_BODY_BYTES; i++) {
            bodyStart.append((char) (buf.get(buf.position() + i) & 0xFF));
        }
        buf.position(buf.position() + n);
        bodyBytes += n;
        if (state == State.UNTIL_EOF) {
            return;
        }
        remaining -= n;
        if (remaining == 0) {
            state = state == State.BODY ? State.DONE : State.CHUNK_END;
        }
    }
}
