package org.jwsgi.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A small, strict, streaming reader of {@code multipart/form-data} (RFC 7578 on RFC 2046): it
 * hands out one {@link Part} at a time, whose body is an {@link InputStream} read straight from
 * the request through one fixed buffer. A 10 MB file is never held in memory; only
 * {@link #BUFFER_BYTES} are.
 *
 * <table>
 *   <caption>Limits (each trip is a {@link ClientError} naming it)</caption>
 *   <tr><th>limit</th><th>value</th><th>status</th></tr>
 *   <tr><td>request body, all parts together</td><td>the {@code maxBytes} given</td><td>413</td></tr>
 *   <tr><td>one header line of a part</td><td>{@value #MAX_HEADER_LINE} bytes</td><td>400</td></tr>
 *   <tr><td>header lines of a part</td><td>{@value #MAX_HEADERS}</td><td>400</td></tr>
 *   <tr><td>parts</td><td>{@value #MAX_PARTS}</td><td>400</td></tr>
 * </table>
 *
 * <p>Strict means: the body must begin with the first delimiter (no preamble), a delimiter must be
 * followed by CRLF or by {@code --}, every part needs a {@code Content-Disposition: form-data}
 * with a {@code name}, and a body that ends before the closing delimiter is malformed. All of
 * these are {@code 400 Bad Request}.
 *
 * <pre>{@code
 * MultipartReader reader = new MultipartReader(input, "----boundary", 16 << 20);
 * for (MultipartReader.Part part; (part = reader.next()) != null; ) {
 *     long size = part.body().transferTo(OutputStream.nullOutputStream());
 * }
 * }</pre>
 */
public final class MultipartReader {

    static final int BUFFER_BYTES = 64 * 1024;
    static final int MAX_HEADER_LINE = 8 * 1024;
    static final int MAX_HEADERS = 16;
    static final int MAX_PARTS = 100;

    /** One part: its headers (names in lower case), its form field name and file name, its body. */
    public record Part(Map<String, String> headers, String name, String filename, InputStream body) {

        /** The part's Content-Type, {@code text/plain} when it has none (RFC 7578 section 4.4). */
        public String contentType() {
            return headers.getOrDefault("content-type", "text/plain");
        }
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final long maxBytes;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int lim;
    private long consumed;
    private boolean started;
    private boolean done;
    private int parts;
    private PartBody current;

    /**
     * @param in the request body
     * @param boundary the {@code boundary} parameter of the Content-Type
     * @param maxBytes the most bytes read from {@code in}; one more is a 413
     * @throws ClientError 400 if {@code boundary} is not an RFC 2046 boundary
     */
    public MultipartReader(InputStream in, String boundary, long maxBytes) {
        this.in = Objects.requireNonNull(in, "in");
        checkBoundary(boundary);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.maxBytes = maxBytes;
        // The first delimiter has no CRLF before it: pretending one was read lets one search find them all.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /** Bytes read from the request so far. */
    public long bytesRead() {
        return consumed;
    }

    /**
     * The next part, after skipping what the caller left unread of the previous one; {@code null}
     * after the closing delimiter.
     */
    public Part next() throws IOException {
        if (done) {
            return null;
        }
        if (current != null) {
            current.skipRest();
            current = null;
        } else if (!started) {
            started = true;
            need(delimiter.length, "the multipart body ended before its first boundary");
            if (indexOf(pos) != pos) {
                throw ClientError.badRequest("the multipart body must begin with \"--\" and the boundary");
            }
            pos += delimiter.length;
        }
        need(2, "the multipart body ended right after a boundary");
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            done = true;
            discardEpilogue();
            return null;
        }
        if (buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw ClientError.badRequest("a multipart boundary must be followed by CRLF or \"--\"");
        }
        pos += 2;
        if (++parts > MAX_PARTS) {
            throw ClientError.badRequest("the multipart body has more than " + MAX_PARTS + " parts");
        }
        Map<String, String> headers = readHeaders();
        String disposition = headers.get("content-disposition");
        if (disposition == null || !FormData.mediaType(disposition).equals("form-data")) {
            throw ClientError.badRequest("multipart part " + parts + " has no \"Content-Disposition: form-data\"");
        }
        String name = FormData.parameter(disposition, "name");
        if (name == null) {
            throw ClientError.badRequest("multipart part " + parts + " has no name in its Content-Disposition");
        }
        current = new PartBody();
        return new Part(headers, name, FormData.parameter(disposition, "filename"), current);
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int count = 0;; count++) {
            int end = lineEnd();
            if (end == pos) {
                pos += 2;
                return headers;
            }
            if (count == MAX_HEADERS) {
                throw ClientError.badRequest("multipart part " + parts + " has more than " + MAX_HEADERS + " header lines");
            }
            String line = utf8(pos, end);
            pos = end + 2;
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw ClientError.badRequest("multipart part " + parts + " has a header line without a name: \""
                        + line + "\"");
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
    }

    /** The index of the CR of the CRLF ending the line at {@code pos}, reading more as needed. */
    private int lineEnd() throws IOException {
        int from = pos;
        while (true) {
            for (int i = from; i + 1 < lim; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    if (i - pos > MAX_HEADER_LINE) {
                        throw ClientError.badRequest("a multipart header line is longer than " + MAX_HEADER_LINE + " bytes");
                    }
                    return i;
                }
            }
            if (lim - pos > MAX_HEADER_LINE) {
                throw ClientError.badRequest("a multipart header line is longer than " + MAX_HEADER_LINE + " bytes");
            }
            from = Math.max(pos, lim - 1);
            int shift = pos;
            if (!fill()) {
                throw ClientError.badRequest("the multipart body ended inside the headers of part " + parts);
            }
            from -= shift - pos;
        }
    }

    private String utf8(int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw ClientError.badRequest("a header line of multipart part " + parts + " is not UTF-8");
        }
    }

    /** The epilogue after the closing delimiter means nothing; read it (within the limit) and drop it. */
    private void discardEpilogue() throws IOException {
        pos = lim;
        while (fill()) {
            pos = lim;
        }
    }

    /** Makes at least {@code n} bytes available at {@code pos}, or fails with {@code ifShort}. */
    private void need(int n, String ifShort) throws IOException {
        while (lim - pos < n) {
            if (!fill()) {
                throw ClientError.badRequest(ifShort);
            }
        }
    }

    /**
     * Reads more of the request into the buffer, first moving the unread bytes to its start
     * (callers re-read {@code pos}); {@code false} at the end of the request body.
     */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            // callers hand out or refuse data before the buffer fills, so this is a bug, not bad input
            throw new IllegalStateException("multipart buffer full at " + lim + " bytes");
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            return false;
        }
        consumed += n;
        if (consumed > maxBytes) {
            throw new ClientError("413 Content Too Large",
                    "the upload is larger than the limit of " + maxBytes + " bytes");
        }
        lim += n;
        return true;
    }

    /** The index of the first whole delimiter at or after {@code from} in the buffer, or -1. */
    private int indexOf(int from) {
        byte first = delimiter[0];
        int last = lim - delimiter.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A part's body: the bytes up to the next delimiter, which it consumes at its end. */
    private final class PartBody extends InputStream {

        private boolean ended;
        /** Bytes before this index are known not to begin a delimiter: each byte is searched once. */
        private int clear;
        /** Where the delimiter ending this part starts, once found; -1 before. */
        private int end = -1;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (ended || current != this) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                if (end < 0) {
                    clear = Math.max(clear, pos);
                    int found = indexOf(clear);
                    if (found >= 0) {
                        end = found;
                    } else {
                        // a delimiter may begin in the last (length - 1) bytes: keep them for the next search
                        clear = Math.max(clear, lim - delimiter.length + 1);
                    }
                }
                int available = (end >= 0 ? end : clear) - pos;
                if (available > 0) {
                    int n = Math.min(len, available);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                    return n;
                }
                if (end >= 0) {
                    pos = end + delimiter.length;
                    ended = true;
                    return -1;
                }
                int shift = pos;
                if (!fill()) {
                    throw ClientError.badRequest("the multipart body ended inside part " + parts
                            + ", before its closing boundary");
                }
                clear -= shift - pos;
            }
        }

        void skipRest() throws IOException {
            byte[] sink = new byte[8192];
            while (read(sink, 0, sink.length) >= 0) {
                // reading to the delimiter is what moves the reader to the next part
            }
        }
    }

    /** RFC 2046: 1 to 70 characters from a small set, not ending with a space. */
    static void checkBoundary(String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70 || boundary.endsWith(" ")) {
            throw ClientError.badRequest("the multipart boundary must be 1 to 70 characters, not ending with a space: "
                    + (boundary == null ? "none given" : "\"" + boundary + "\""));
        }
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || "'()+_,-./:=? ".indexOf(c) >= 0)) {
                throw ClientError.badRequest("the multipart boundary has a character RFC 2046 does not allow: \""
                        + boundary + "\"");
            }
        }
    }
}
