package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.Arrays;
import org.jwsgi.gateway.Ascii;
import org.jwsgi.gateway.WsgiEnviron;

/**
 * The request-head parser: an explicit state machine fed bytes as they arrive, in any split, that
 * yields a {@link RequestHead} or refuses the request with an {@link HttpError}. It never reads
 * the socket itself, so tests feed it a request cut at every byte offset.
 *
 * <table>
 *   <caption>What it refuses (RFC 9112)</caption>
 *   <tr><th>input</th><th>status</th></tr>
 *   <tr><td>request line longer than {@code maxRequestLineBytes}</td><td>414</td></tr>
 *   <tr><td>header section longer than {@code maxHeaderBytes}, or more than {@code maxHeaderCount} fields</td><td>431</td></tr>
 *   <tr><td>a line ending in a bare LF, or a bare CR anywhere (section 2.2)</td><td>400</td></tr>
 *   <tr><td>a request line that is not {@code token SP target SP HTTP/d.d} (HTTP/0.9 among them; section 3)</td><td>400</td></tr>
 *   <tr><td>a well-formed version other than 1.0 and 1.1 (HTTP/2's preface among them)</td><td>505</td></tr>
 *   <tr><td>a target with a control character, a space, a non-ASCII byte or a fragment</td><td>400</td></tr>
 *   <tr><td>obs-fold, whitespace before the colon, a name that is not a token (section 5)</td><td>400</td></tr>
 *   <tr><td>a field value with NUL or another control character</td><td>400</td></tr>
 * </table>
 * Up to {@value #MAX_LEADING_EMPTY_LINES} empty lines before the request line are skipped
 * (section 2.2: a client may send a stray CRLF after a body).
 */
final class RequestParser {

    static final int MAX_LEADING_EMPTY_LINES = 4;

    private enum State { REQUEST_LINE, HEADERS, DONE }

    private final int maxRequestLine;
    private final int maxHeaderBytes;
    private final int maxHeaderCount;

    private State state = State.REQUEST_LINE;
    private static final int INITIAL_LINE = 256;
    private static final int INITIAL_FIELDS = 16;

    private byte[] line = new byte[INITIAL_LINE];
    private int lineLength;
    private boolean sawCr;
    private int emptyLines;
    private int headerBytes;

    private String method;
    private String target;
    private int minorVersion;
    private String[] names = new String[INITIAL_FIELDS];
    private String[] values = new String[INITIAL_FIELDS];
    private int count;

    RequestParser(int maxRequestLine, int maxHeaderBytes, int maxHeaderCount) {
        this.maxRequestLine = maxRequestLine;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxHeaderCount = maxHeaderCount;
    }

    /** Prepares for the next request on the same connection. */
    void reset() {
        state = State.REQUEST_LINE;
        lineLength = 0;
        sawCr = false;
        emptyLines = 0;
        headerBytes = 0;
        Arrays.fill(names, 0, count, null);
        Arrays.fill(values, 0, count, null);
        count = 0;
        method = null;
        target = null;
    }

    /**
     * Gives back what long heads made grow (the line buffer, the field arrays): called when the
     * connection goes idle, so one 8 KiB cookie does not stay with every idle connection.
     */
    void trim() {
        reset();
        if (line.length > INITIAL_LINE) {
            line = new byte[INITIAL_LINE];
        }
        if (names.length > INITIAL_FIELDS) {
            names = new String[INITIAL_FIELDS];
            values = new String[INITIAL_FIELDS];
        }
    }

    /** Whether a complete head has been parsed. */
    boolean done() {
        return state == State.DONE;
    }

    /** The method, once the request line has been parsed; else null. */
    String method() {
        return method;
    }

    /** Whether any byte of a request has arrived since the last reset (a timeout then is not an idle close). */
    boolean hasBytes() {
        return state != State.REQUEST_LINE || lineLength > 0 || sawCr;
    }

    /**
     * Consumes bytes of {@code buf[off, off + len)} up to the end of the head.
     *
     * @return how many bytes were consumed; fewer than {@code len} only once {@link #done()}
     */
    int feed(byte[] buf, int off, int len) throws HttpError {
        int i = off;
        int end = off + len;
        while (i < end && state != State.DONE) {
            if (sawCr) {
                if (buf[i] != '\n') {
                    throw HttpError.badRequest("bare CR in the request head");
                }
                i++;
                sawCr = false;
                completeLine();
                continue;
            }
            int start = i;
            while (i < end && buf[i] != '\r' && buf[i] != '\n') {
                i++;
            }
            append(buf, start, i - start);
            if (i < end) {
                if (buf[i] == '\n') {
                    throw HttpError.badRequest("line ended by a bare LF in the request head; CRLF is required");
                }
                sawCr = true;
                i++;
            }
        }
        return i - off;
    }

    /** The parsed head; only after {@link #done()}. */
    RequestHead head() throws HttpError {
        if (state != State.DONE) {
            throw new IllegalStateException("request head not complete");
        }
        return RequestHead.of(method, target, minorVersion,
                Arrays.copyOf(names, count), Arrays.copyOf(values, count));
    }

    private void append(byte[] buf, int off, int n) throws HttpError {
        if (n == 0) {
            return;
        }
        if (state == State.REQUEST_LINE) {
            if (lineLength + n > maxRequestLine) {
                throw new HttpError(414, "maxRequestLineBytes", "request line longer than maxRequestLineBytes=" + maxRequestLine);
            }
        } else if (headerBytes + n > maxHeaderBytes) {
            throw new HttpError(431, "maxHeaderBytes", "header section longer than maxHeaderBytes=" + maxHeaderBytes);
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        System.arraycopy(buf, off, line, lineLength, n);
        lineLength += n;
        if (state == State.HEADERS) {
            headerBytes += n;
        }
    }

    private void completeLine() throws HttpError {
        int n = lineLength;
        lineLength = 0;
        if (state == State.REQUEST_LINE) {
            if (n == 0) {
                if (++emptyLines > MAX_LEADING_EMPTY_LINES) {
                    throw HttpError.badRequest("more than " + MAX_LEADING_EMPTY_LINES
                            + " empty lines before the request line");
                }
                return;
            }
            parseRequestLine(n);
            state = State.HEADERS;
        } else if (n == 0) {
            state = State.DONE;
        } else {
            headerBytes += 2; // the CRLF counts toward the section's size
            if (headerBytes > maxHeaderBytes) {
                throw new HttpError(431, "maxHeaderBytes", "header section longer than maxHeaderBytes=" + maxHeaderBytes);
            }
            parseField(n);
        }
    }

    private void parseRequestLine(int n) throws HttpError {
        byte[] b = line;
        int sp1 = indexOf(b, 0, n, (byte) ' ');
        if (sp1 <= 0) {
            throw HttpError.badRequest("malformed request line: no method");
        }
        for (int i = 0; i < sp1; i++) {
            if (!Ascii.isTchar(b[i])) {
                throw HttpError.badRequest("malformed request line: the method is not a token");
            }
        }
        int sp2 = indexOf(b, sp1 + 1, n, (byte) ' ');
        if (sp2 < 0) {
            throw HttpError.badRequest("malformed request line: no HTTP version (HTTP/0.9 is not supported)");
        }
        if (sp2 == sp1 + 1) {
            throw HttpError.badRequest("malformed request line: empty request-target or doubled space");
        }
        for (int i = sp1 + 1; i < sp2; i++) {
            byte c = b[i];
            if (c <= 0x20 || c >= 0x7F) {
                throw HttpError.badRequest("malformed request-target: a control, space or non-ASCII byte");
            }
            if (c == '#') {
                throw HttpError.badRequest("malformed request-target: a fragment (#) is never sent to a server");
            }
        }
        minorVersion = version(b, sp2 + 1, n);
        method = new String(b, 0, sp1, ISO_8859_1);
        target = new String(b, sp1 + 1, sp2 - sp1 - 1, ISO_8859_1);
    }

    /** Parses {@code HTTP/1.x}; returns x. */
    private static int version(byte[] b, int off, int end) throws HttpError {
        if (end - off != 8 || b[off] != 'H' || b[off + 1] != 'T' || b[off + 2] != 'T' || b[off + 3] != 'P'
                || b[off + 4] != '/' || !isDigit(b[off + 5]) || b[off + 6] != '.' || !isDigit(b[off + 7])) {
            throw HttpError.badRequest("malformed request line: the version is not HTTP/<digit>.<digit>");
        }
        if (b[off + 5] != '1' || (b[off + 7] != '0' && b[off + 7] != '1')) {
            throw new HttpError(505, "HTTP version not supported: "
                    + new String(b, off, 8, ISO_8859_1) + " (this server speaks HTTP/1.0 and HTTP/1.1)");
        }
        return b[off + 7] - '0';
    }

    private void parseField(int n) throws HttpError {
        byte[] b = line;
        if (b[0] == ' ' || b[0] == '\t') {
            throw HttpError.badRequest("obsolete line folding (obs-fold) in a header field");
        }
        int colon = indexOf(b, 0, n, (byte) ':');
        if (colon < 0) {
            throw HttpError.badRequest("header field without a colon");
        }
        for (int i = 0; i < colon; i++) {
            if (!Ascii.isTchar(b[i])) {
                throw HttpError.badRequest(b[i] == ' ' || b[i] == '\t'
                        ? "whitespace between a header name and its colon"
                        : "header name is not a token");
            }
        }
        if (colon == 0) {
            throw HttpError.badRequest("empty header name");
        }
        int vs = colon + 1;
        int ve = n;
        while (vs < ve && (b[vs] == ' ' || b[vs] == '\t')) {
            vs++;
        }
        while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
            ve--;
        }
        for (int i = vs; i < ve; i++) {
            if (!Ascii.isFieldValueChar(b[i] & 0xFF)) {
                throw HttpError.badRequest("control character in the value of header "
                        + new String(b, 0, colon, ISO_8859_1));
            }
        }
        if (count == maxHeaderCount) {
            throw new HttpError(431, "maxHeaderCount", "more than maxHeaderCount=" + maxHeaderCount + " header fields");
        }
        if (count == names.length) {
            names = Arrays.copyOf(names, count * 2);
            values = Arrays.copyOf(values, count * 2);
        }
        names[count] = name(b, colon);
        values[count] = new String(b, vs, ve - vs, ISO_8859_1);
        count++;
    }

    /** The common header names, as bytes: a request's "Host" becomes the one "Host" string. */
    private static final byte[][] COMMON_NAMES = commonNames();

    private static byte[][] commonNames() {
        byte[][] names = new byte[WsgiEnviron.COMMON_HEADER_NAMES.size()][];
        for (int i = 0; i < names.length; i++) { // not a stream: this runs in the first request's time
            names[i] = WsgiEnviron.COMMON_HEADER_NAMES.get(i).getBytes(ISO_8859_1);
        }
        return names;
    }

    /** The header name in {@code b[0, n)}: a shared string for a common name, else a new one. */
    private static String name(byte[] b, int n) {
        for (int i = 0; i < COMMON_NAMES.length; i++) {
            byte[] known = COMMON_NAMES[i];
            if (known.length == n && Arrays.equals(known, 0, n, b, 0, n)) {
                return WsgiEnviron.COMMON_HEADER_NAMES.get(i);
            }
        }
        return new String(b, 0, n, ISO_8859_1);
    }

    private static int indexOf(byte[] b, int from, int to, byte x) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
