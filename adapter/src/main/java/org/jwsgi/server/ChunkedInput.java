package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.jwsgi.gateway.Ascii;
import org.jwsgi.gateway.RequestBodyException;

/**
 * A chunked request body (RFC 9112 section 7.1), decoded strictly:
 * <ul>
 *   <li>chunk-size is 1 to 16 hex digits: no sign, no {@code 0x}, no spaces before it;</li>
 *   <li>chunk extensions must be {@code ;name[=token|quoted-string]}, and are ignored;</li>
 *   <li>each line ends in CRLF (a bare LF or CR is an error), and is at most
 *       {@code maxRequestLineBytes} long;</li>
 *   <li>the data of each chunk is followed by CRLF;</li>
 *   <li>trailer fields are read and dropped, within {@code maxHeaderBytes}/{@code maxHeaderCount};</li>
 *   <li>more than {@code maxBodyBytes} of data throws {@link RequestBodyException} 413.</li>
 * </ul>
 * Any other deviation, or the client closing before the last chunk, throws
 * {@link RequestBodyException} 400.
 */
final class ChunkedInput extends BodyInput {

    private final long maxBody;
    private final int maxLine;
    private final int maxTrailerBytes;
    private final int maxTrailerCount;
    private long chunkRemaining;
    private long total;
    private boolean needSize = true;
    private boolean done;

    ChunkedInput(InputBuffer in, Duration timeout, long maxBody, int maxLine, int maxTrailerBytes,
            int maxTrailerCount) {
        super(in, timeout);
        this.maxBody = maxBody;
        this.maxLine = maxLine;
        this.maxTrailerBytes = maxTrailerBytes;
        this.maxTrailerCount = maxTrailerCount;
    }

    @Override
    boolean complete() {
        return done;
    }

    @Override
    int readBody(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (needSize) {
            long size = parseSize(readLine("chunk size"));
            needSize = false;
            if (size == 0) {
                readTrailers();
                done = true;
                return -1;
            }
            if (size > maxBody - total) {
                throw RequestBodyException.tooLarge(maxBody);
            }
            chunkRemaining = size;
        }
        int n = in.read(b, off, (int) Math.min(len, chunkRemaining));
        if (n < 0) {
            throw RequestBodyException.malformed("client closed the connection inside a chunk");
        }
        chunkRemaining -= n;
        total += n;
        if (chunkRemaining == 0) {
            if (!readLine("chunk data end").isEmpty()) {
                throw RequestBodyException.malformed("chunk data longer than its chunk-size");
            }
            needSize = true;
        }
        return n;
    }

    @Override
    public int available() {
        return needSize || done ? 0 : (int) Math.min(in.available(), chunkRemaining);
    }

    private void readTrailers() throws IOException {
        int bytes = 0;
        int count = 0;
        while (true) {
            String line = readLine("trailer");
            if (line.isEmpty()) {
                return;
            }
            bytes += line.length() + 2;
            if (bytes > maxTrailerBytes || ++count > maxTrailerCount) {
                throw RequestBodyException.malformed("trailer section over maxHeaderBytes=" + maxTrailerBytes
                        + " or maxHeaderCount=" + maxTrailerCount);
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !Ascii.isToken(line.substring(0, colon))) {
                throw RequestBodyException.malformed("malformed trailer field");
            }
        }
    }

    /** One CRLF-terminated line, without the CRLF. */
    private String readLine(String what) throws IOException {
        byte[] line = new byte[64];
        int n = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw RequestBodyException.malformed("client closed the connection before the last chunk");
            }
            if (c == '\r') {
                if (in.read() != '\n') {
                    throw RequestBodyException.malformed("bare CR in " + what + " line");
                }
                return new String(line, 0, n, ISO_8859_1);
            }
            if (c == '\n') {
                throw RequestBodyException.malformed("bare LF in " + what + " line");
            }
            if (n == maxLine) {
                throw RequestBodyException.malformed(what + " line longer than maxRequestLineBytes=" + maxLine);
            }
            if (n == line.length) {
                line = Arrays.copyOf(line, n * 2);
            }
            line[n++] = (byte) c;
        }
    }

    /** Parses {@code 1*16HEXDIG [ chunk-ext ]}. */
    static long parseSize(String line) throws RequestBodyException {
        int i = 0;
        long size = 0;
        while (i < line.length() && Character.digit(line.charAt(i), 16) >= 0 && line.charAt(i) < 0x80) {
            if (i == 16) {
                throw RequestBodyException.malformed("chunk size over 16 hex digits");
            }
            size = (size << 4) | Character.digit(line.charAt(i), 16);
            i++;
        }
        if (i == 0) {
            throw RequestBodyException.malformed("chunk size is not hex: " + Ascii.quote(line));
        }
        if (size < 0) {
            throw RequestBodyException.malformed("chunk size overflows");
        }
        checkExtensions(line, i);
        return size;
    }

    /** {@code *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )}. */
    private static void checkExtensions(String s, int i) throws RequestBodyException {
        int n = s.length();
        while (i < n) {
            i = skipBws(s, i);
            if (i == n || s.charAt(i) != ';') {
                throw RequestBodyException.malformed("malformed chunk extension: " + Ascii.quote(s));
            }
            i = skipBws(s, i + 1);
            int start = i;
            while (i < n && Ascii.isTchar(s.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw RequestBodyException.malformed("malformed chunk extension: " + Ascii.quote(s));
            }
            int j = skipBws(s, i);
            if (j < n && s.charAt(j) == '=') {
                i = skipBws(s, j + 1);
                if (i < n && s.charAt(i) == '"') {
                    i = endOfQuoted(s, i + 1);
                } else {
                    start = i;
                    while (i < n && Ascii.isTchar(s.charAt(i))) {
                        i++;
                    }
                    if (i == start) {
                        throw RequestBodyException.malformed("malformed chunk extension: " + Ascii.quote(s));
                    }
                }
            }
        }
    }

    private static int endOfQuoted(String s, int i) throws RequestBodyException {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                i++;
            } else if (!Ascii.isFieldValueChar(c)) {
                break;
            }
            i++;
        }
        throw RequestBodyException.malformed("malformed chunk extension: " + Ascii.quote(s));
    }

    private static int skipBws(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

}
