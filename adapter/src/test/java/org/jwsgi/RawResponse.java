package org.jwsgi;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A response read back from raw bytes, framed the way a strict client frames it: by
 * Content-Length, by chunks, or (close-delimited) up to the end. {@code complete} is false when
 * the framing was cut short.
 */
public record RawResponse(int status, String statusLine, Map<String, String> headers, byte[] body, boolean complete,
        List<Integer> chunkSizes) {

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String text() {
        return new String(body, ISO_8859_1);
    }

    /** Every response in {@code bytes}, in order (pipelining); the last may be incomplete. */
    public static List<RawResponse> all(byte[] bytes, boolean headRequest) throws IOException {
        InputStream in = new java.io.ByteArrayInputStream(bytes);
        List<RawResponse> out = new ArrayList<>();
        while (true) {
            in.mark(1);
            if (in.read() < 0) {
                return out;
            }
            in.reset();
            RawResponse r = read(in, headRequest);
            out.add(r);
            if (!r.complete) {
                return out;
            }
        }
    }

    public static RawResponse parse(byte[] bytes) throws IOException {
        return read(new java.io.ByteArrayInputStream(bytes), false);
    }

    /** Reads one response; interim 1xx responses are skipped. */
    public static RawResponse read(InputStream in, boolean headRequest) throws IOException {
        while (true) {
            String statusLine = line(in);
            if (statusLine == null) {
                throw new IOException("no response");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                headers.merge(l.substring(0, colon).toLowerCase(Locale.ROOT), l.substring(colon + 1).strip(),
                        (a, b) -> a + "\n" + b);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            if (status < 200) {
                continue;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            List<Integer> chunks = new ArrayList<>();
            boolean complete = true;
            if (headRequest || status == 204 || status == 304) {
                // no body
            } else if (headers.containsKey("transfer-encoding")) {
                while (true) {
                    String size = line(in);
                    if (size == null) {
                        complete = false;
                        break;
                    }
                    int n = Integer.parseInt(size, 16);
                    if (n == 0) {
                        complete = line(in) != null;
                        break;
                    }
                    byte[] data = in.readNBytes(n);
                    body.write(data);
                    chunks.add(n);
                    if (data.length < n || !"".equals(line(in))) {
                        complete = false;
                        break;
                    }
                }
            } else if (headers.containsKey("content-length")) {
                int n = Integer.parseInt(headers.get("content-length"));
                byte[] data = in.readNBytes(n);
                body.write(data);
                complete = data.length == n;
            } else {
                in.transferTo(body);
            }
            return new RawResponse(status, statusLine, headers, body.toByteArray(), complete, chunks);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, ISO_8859_1);
            }
            b.write(c);
        }
        return null;
    }
}
