package org.jwsgi.middleware;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.zip.Deflater;
import org.jwsgi.Application;
import org.jwsgi.Environ;

/**
 * Compresses responses with gzip when the client accepts it, chunk by chunk, so a streaming
 * body still streams (each chunk is compressed and flushed with {@code SYNC_FLUSH} before the
 * next is asked for: PEP 3333's no-delay rule holds, the whole body is never held).
 *
 * <pre>{@code
 * Application app = Gzip.defaults().wrap(site);                       // level 6, bodies from 256 bytes
 * Application fast = Gzip.defaults().withLevel(1).withMinLength(1024).wrap(site);
 * }</pre>
 *
 * <p>A response is compressed when all of these hold:
 * <ul>
 *   <li>the request's {@code Accept-Encoding} allows gzip: {@code gzip} (or {@code x-gzip}) with
 *       a q-value above 0, or, with gzip unnamed, {@code *} above 0 ({@code identity;q=0}
 *       changes nothing; no {@code Accept-Encoding} at all means no compression, as browsers
 *       always send one);</li>
 *   <li>the method is not {@code HEAD} and the status is not 1xx, 204, 304 or 206 (a range of
 *       the compressed bytes would be another range);</li>
 *   <li>the {@code Content-Type} is text-like: {@code text/*}, JSON, JavaScript, XML, SVG, WebAssembly and any
 *       {@code +json} or {@code +xml} type;</li>
 *   <li>there is no {@code Content-Encoding} yet, no {@code Content-Range}, no
 *       {@code Cache-Control: no-transform}, and a {@code Content-Length}, if set, is at least
 *       {@link #withMinLength the minimum} (below it the ~20 bytes of gzip framing eat the gain).</li>
 * </ul>
 * Then {@code Content-Length} is removed (the server chunks the response), {@code Content-Encoding:
 * gzip} added, a strong {@code ETag} made weak (the bytes differ from the identity ones, which a
 * strong tag would promise). {@code Vary: Accept-Encoding} is added to every response of a
 * compressible type, compressed or not, so caches keep the two apart. The legacy write callable
 * compresses into the same stream. The inner body is closed exactly once.
 */
public final class Gzip {

    private final int level;
    private final int minLength;

    private Gzip(int level, int minLength) {
        this.level = level;
        this.minLength = minLength;
    }

    /** Level 6 (zlib's default: most of level 9's ratio at a fraction of its cost), minimum 256 bytes. */
    public static Gzip defaults() {
        return new Gzip(6, 256);
    }

    /** The deflate level, 1 (fastest) to 9 (smallest). */
    public Gzip withLevel(int level) {
        if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
            throw new IllegalArgumentException("gzip level must be 1 to 9: " + level);
        }
        return new Gzip(level, minLength);
    }

    /** Bodies whose {@code Content-Length} is below this are sent as they are; 0 compresses all. */
    public Gzip withMinLength(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("minLength must not be negative: " + bytes);
        }
        return new Gzip(level, bytes);
    }

    /** {@code next} with its responses compressed as described above. */
    public Application wrap(Application next) {
        Objects.requireNonNull(next, "next");
        return (environ, startResponse) -> {
            boolean head = "HEAD".equals(environ.get(Environ.REQUEST_METHOD));
            GzipResponse response = new GzipResponse(startResponse, acceptsGzip(environ), head, level, minLength);
            return response.body(next.call(environ, response));
        };
    }

    /** Whether {@code HTTP_ACCEPT_ENCODING} allows gzip, by RFC 9110 section 12.5.3. */
    static boolean acceptsGzip(Map<String, Object> environ) {
        Object header = environ.get("HTTP_ACCEPT_ENCODING");
        if (header == null) {
            return false;
        }
        Double gzip = null;
        Double any = null;
        for (String element : header.toString().split(",")) {
            String[] parts = element.split(";");
            String coding = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.length() > 2 && (p.startsWith("q=") || p.startsWith("Q="))) {
                    q = qvalue(p.substring(2).strip());
                }
            }
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                gzip = q;
            } else if (coding.equals("*")) {
                any = q;
            }
        }
        return gzip != null ? gzip > 0 : any != null && any > 0;
    }

    /** An RFC 9110 qvalue ({@code 0}, {@code 0.5}, {@code 1.000}); anything else counts as 0, refusing. */
    private static double qvalue(String s) {
        if (!s.matches("0(\\.\\d{0,3})?|1(\\.0{0,3})?")) {
            return 0;
        }
        return Double.parseDouble(s);
    }

    /** Whether a media type is worth compressing: text, JSON, JavaScript, XML and their kin. */
    static boolean compressible(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.endsWith("+json") || type.endsWith("+xml")
                || type.equals("application/json") || type.equals("application/javascript")
                || type.equals("application/xml") || type.equals("application/x-javascript")
                || type.equals("application/wasm");
    }
}
