package org.jwsgi.form;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jwsgi.Environ;
import org.jwsgi.gateway.Ascii;
import org.jwsgi.util.ClientError;

/**
 * A strict, streaming reader of {@code multipart/form-data} (RFC 7578 on RFC 2046): it hands out
 * one {@link Part} at a time, whose body is read straight from the request through one fixed
 * {@value #BUFFER_BYTES}-byte buffer, so a file of any size is never held in memory. Use it to
 * hash or forward uploads as they arrive; {@link Multipart} builds on it to keep fields as
 * strings and files in memory or on disk.
 *
 * <pre>{@code
 * MultipartReader reader = MultipartReader.of(environ, MultipartOptions.defaults());
 * for (MultipartReader.Part part; (part = reader.next()) != null; ) {
 *     long size = part.body().transferTo(digestStream);   // no copy: written from the reader's buffer
 * }
 * }</pre>
 *
 * <p>Strict means: the body must begin with the first delimiter (no preamble), a delimiter must
 * be followed by CRLF or by {@code --}, header lines may not be folded, every part needs a
 * {@code Content-Disposition: form-data} with a {@code name}, and a body that ends before the
 * closing delimiter is malformed: all {@code 400}. It honours {@code maxBytes}, {@code maxParts}
 * and {@code maxPartHeaderBytes} of {@link MultipartOptions} ({@code 413} naming the limit).
 */
public final class MultipartReader {

    static final int BUFFER_BYTES = 64 * 1024;
    static final String FORM_DATA = "multipart/form-data";

    /**
     * One part: its number (from 1), its headers (names in lower case, the first of repeats),
     * its field name and file name ({@code null} for a plain field, possibly {@code ""} for a
     * file input left empty), and its body, readable until {@link #next()} is called again.
     */
    public record Part(int number, Map<String, String> headers, String name, String filename, InputStream body) {

        /** The part's Content-Type, {@code text/plain} when it has none (RFC 7578 section 4.4). */
        public String contentType() {
            return headers.getOrDefault("content-type", "text/plain");
        }
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final MultipartOptions options;
    private final CharsetDecoder headerDecoder;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int lim;
    private long consumed;
    private boolean pastPreamble;
    private boolean done;
    private int parts;
    private PartBody current;

    /**
     * A reader of {@code in}, a body whose Content-Type has {@code boundary}.
     *
     * @throws ClientError 400 if {@code boundary} is not an RFC 2046 boundary
     */
    public MultipartReader(InputStream in, String boundary, MultipartOptions options) {
        this.in = Objects.requireNonNull(in, "in");
        this.options = Objects.requireNonNull(options, "options");
        checkBoundary(boundary);
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        this.headerDecoder = options.charset().newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        // The first delimiter has no CRLF before it: pretending one was read lets one search find them all.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
    }

    /**
     * A reader of the request body of {@code environ}, with the boundary of its CONTENT_TYPE.
     * It reads exactly CONTENT_LENGTH bytes; without one, to the end of {@code wsgi.input} only
     * when {@code wsgi.input_terminated} says it ends there.
     *
     * @throws ClientError 415 if CONTENT_TYPE is not {@code multipart/form-data}; 413 if
     *     CONTENT_LENGTH is over {@code maxBytes} (nothing is read); 400 for a bad boundary
     */
    public static MultipartReader of(Map<String, Object> environ, MultipartOptions options) {
        Object type = environ.get(Environ.CONTENT_TYPE);
        if (type == null || !ContentTypes.mediaType(type.toString()).equals(FORM_DATA)) {
            throw ClientError.unsupported("an upload must be sent as " + FORM_DATA + ", not "
                    + (type == null ? "without a Content-Type" : Ascii.quote(type.toString())));
        }
        String boundary = ContentTypes.parameters(type.toString()).get("boundary");
        long length = ContentTypes.contentLength(environ);
        if (length > options.maxBytes()) {
            throw ClientError.tooLarge("the multipart body (" + length + " bytes) is larger than maxBytes="
                    + options.maxBytes(), "maxBytes");
        }
        InputStream in = (InputStream) environ.get(Environ.WSGI_INPUT);
        if (in == null || length == 0 || length < 0 && !Boolean.TRUE.equals(environ.get(Environ.WSGI_INPUT_TERMINATED))) {
            in = InputStream.nullInputStream(); // PEP 3333: no CONTENT_LENGTH, nothing to read
        } else if (length > 0) {
            in = new Bounded(in, length);
        }
        return new MultipartReader(in, boundary, options);
    }

    /** Bytes read from the request so far. */
    public long bytesRead() {
        return consumed;
    }

    /**
     * The next part, after skipping what the caller left unread of the previous one; {@code null}
     * after the closing delimiter.
     *
     * @throws ClientError 400 for malformed input, 413 when a limit trips
     */
    public Part next() throws IOException {
        if (done) {
            return null;
        }
        if (current != null) {
            current.skipRest();
            current = null;
        } else if (!pastPreamble) {
            pastPreamble = true;
            need(delimiter.length, "the multipart body ended before its first boundary");
            if (indexOf(pos) != pos) {
                throw ClientError.badRequest("the multipart body must begin with \"--\" and the boundary");
            }
            pos += delimiter.length;
        }
        need(2, "the multipart body ended right after a boundary");
        if (buf[pos] == '-' && buf[pos + 1] == '-') {
            done = true;
            pos = lim;
            while (fill()) { // the epilogue means nothing: read it (within maxBytes) and drop it
                pos = lim;
            }
            return null;
        }
        if (buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw ClientError.badRequest("a multipart boundary must be followed by CRLF or \"--\"");
        }
        pos += 2;
        if (++parts > options.maxParts()) {
            throw ClientError.tooLarge("the multipart body has more than maxParts=" + options.maxParts() + " parts", "maxParts");
        }
        Map<String, String> headers = readHeaders();
        String disposition = headers.get("content-disposition");
        if (disposition == null || !ContentTypes.mediaType(disposition).equals("form-data")) {
            throw ClientError.badRequest("multipart part " + parts + " has no \"Content-Disposition: form-data\"");
        }
        Map<String, String> params = ContentTypes.parameters(disposition);
        if (params.get("name") == null) {
            throw ClientError.badRequest("multipart part " + parts + " has no name in its Content-Disposition");
        }
        current = new PartBody();
        return new Part(parts, headers, params.get("name"), params.get("filename"), current);
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int headerBytes = 0;
        while (true) {
            int end = lineEnd(options.maxPartHeaderBytes() - headerBytes);
            headerBytes += end - pos + 2;
            if (end == pos) {
                pos += 2;
                return Collections.unmodifiableMap(headers);
            }
            String line = decode(pos, end);
            pos = end + 2;
            int colon = line.indexOf(':');
            if (colon <= 0 || !Ascii.isToken(line.substring(0, colon))) {
                throw ClientError.badRequest("multipart part " + parts + " has a malformed header line (folded, or without a "
                        + "name): " + Ascii.quote(line));
            }
            headers.putIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
    }

    /** The index of the CR of the CRLF ending the line at {@code pos}, which may take {@code room} bytes with its CRLF. */
    private int lineEnd(int room) throws IOException {
        int from = pos;
        while (true) {
            for (int i = from; i + 1 < lim; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n') {
                    if (i + 2 - pos > room) {
                        throw headersTooLarge();
                    }
                    return i;
                }
            }
            if (lim - pos + 1 > room) {
                throw headersTooLarge();
            }
            from = Math.max(pos, lim - 1);
            int shift = pos;
            if (!fill()) {
                throw ClientError.badRequest("the multipart body ended inside the headers of part " + parts);
            }
            from -= shift;
        }
    }

    private ClientError headersTooLarge() {
        return ClientError.tooLarge("the headers of multipart part " + parts + " are larger than maxPartHeaderBytes="
                + options.maxPartHeaderBytes(), "maxPartHeaderBytes");
    }

    private String decode(int from, int to) {
        try {
            return headerDecoder.reset().decode(ByteBuffer.wrap(buf, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw ClientError.badRequest("a header line of multipart part " + parts + " is not valid "
                    + options.charset().name());
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
        if (consumed > options.maxBytes()) {
            throw ClientError.tooLarge("the multipart body is larger than maxBytes=" + options.maxBytes(), "maxBytes");
        }
        lim += n;
        return true;
    }

    /** The index of the first whole delimiter at or after {@code from} in the buffer, or -1. */
    private int indexOf(int from) {
        byte[] d = delimiter;
        int last = lim - d.length;
        outer:
        for (int i = from; i <= last; i++) {
            if (buf[i] != '\r') {
                continue;
            }
            for (int j = 1; j < d.length; j++) {
                if (buf[i + j] != d[j]) {
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

        /** How many bytes at {@code pos} belong to this body, reading more as needed; 0 at its end. */
        private int chunk() throws IOException {
            if (ended || current != this) {
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
                    return available;
                }
                if (end >= 0) {
                    pos = end + delimiter.length;
                    ended = true;
                    return 0;
                }
                int shift = pos;
                if (!fill()) {
                    throw ClientError.badRequest("the multipart body ended inside part " + parts + ", before its closing boundary");
                }
                clear -= shift;
            }
        }

        @Override
        public int read() throws IOException {
            if (chunk() == 0) {
                return -1;
            }
            return buf[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n = Math.min(chunk(), len);
            if (n == 0) {
                return -1;
            }
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        /** Writes straight from the reader's buffer: no copy, no allocation. */
        @Override
        public long transferTo(OutputStream out) throws IOException {
            long total = 0;
            for (int n; (n = chunk()) > 0;) {
                out.write(buf, pos, n);
                pos += n;
                total += n;
            }
            return total;
        }

        void skipRest() throws IOException {
            for (int n; (n = chunk()) > 0;) {
                pos += n;
            }
        }
    }

    /** RFC 2046: 1 to 70 characters from a small set, not ending with a space. */
    static void checkBoundary(String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70 || boundary.endsWith(" ")) {
            throw ClientError.badRequest("the multipart boundary must be 1 to 70 characters, not ending with a space: "
                    + (boundary == null ? "none given" : Ascii.quote(boundary)));
        }
        for (int i = 0; i < boundary.length(); i++) {
            char c = boundary.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || "'()+_,-./:=? ".indexOf(c) >= 0)) {
                throw ClientError.badRequest("the multipart boundary has a character RFC 2046 does not allow: "
                        + Ascii.quote(boundary));
            }
        }
    }

    /** Exactly {@code remaining} bytes of {@code in}: never reads past CONTENT_LENGTH. */
    private static final class Bounded extends FilterInputStream {
        private long remaining;

        Bounded(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
