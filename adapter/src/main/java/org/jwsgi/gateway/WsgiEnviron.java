package org.jwsgi.gateway;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jwsgi.Environ;
import org.jwsgi.FileWrapper;

/**
 * How every jwsgi server fills a PEP 3333 environ, so that the bundled server, the servlet bridge
 * and the test kit's client agree: the {@code wsgi.*} keys, the {@code HTTP_*} key of a request
 * header, and {@code PATH_INFO} decoded from the raw path (docs/environ.md is the table).
 *
 * <pre>{@code
 * Map<String, Object> env = new HashMap<>();
 * env.put(Environ.PATH_INFO, WsgiEnviron.unquote(rawPath));
 * env.put(WsgiEnviron.headerKey("User-Agent"), userAgent);       // HTTP_USER_AGENT
 * WsgiEnviron.putWsgiKeys(env, "http", body, errors, true);
 * }</pre>
 */
public final class WsgiEnviron {

    /** {@code wsgi.version}: PEP 3333's {@code (1, 0)}. */
    public static final List<Integer> VERSION = List.of(1, 0);

    /** The {@code wsgi.file_wrapper} of every jwsgi server: a {@link FileBody}, sent with sendfile. */
    public static final FileWrapper FILE_WRAPPER = FileBody::of;

    /**
     * The header names requests carry most, in the case clients write them: {@link #headerKey}
     * answers their keys from a table, and the bundled server's parser hands out these very
     * strings for them.
     */
    public static final List<String> COMMON_HEADER_NAMES = List.of("Host", "User-Agent", "Accept", "Accept-Encoding",
            "Accept-Language", "Connection", "Cookie", "Referer", "Cache-Control", "Content-Type", "Content-Length",
            "Upgrade-Insecure-Requests", "Origin", "Authorization", "If-None-Match", "If-Modified-Since", "Pragma",
            "Transfer-Encoding", "Expect", "Range", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site",
            "Sec-Fetch-User", "Priority", "X-Forwarded-For", "X-Forwarded-Proto", "X-Requested-With");
    private static final Map<String, String> KNOWN_KEYS = knownKeys();

    /** What a server answers (with 400) a request whose path {@link #decodePath} refuses. */
    public static final String PATH_ABOVE_ROOT = "a .. segment of the request path climbs above the root";

    private WsgiEnviron() {
    }

    /**
     * Puts the {@code wsgi.*} keys: version, url_scheme, input, errors, multithread,
     * multiprocess ({@code false}: one JVM), run_once ({@code false}), file_wrapper and
     * input_terminated ({@code true}: {@code input} ends at the end of the body).
     */
    public static void putWsgiKeys(Map<String, Object> env, String scheme, InputStream input, PrintWriter errors,
            boolean multithread) {
        env.put(Environ.WSGI_VERSION, VERSION);
        env.put(Environ.WSGI_URL_SCHEME, scheme);
        env.put(Environ.WSGI_INPUT, input);
        env.put(Environ.WSGI_ERRORS, errors);
        env.put(Environ.WSGI_MULTITHREAD, multithread);
        env.put(Environ.WSGI_MULTIPROCESS, Boolean.FALSE);
        env.put(Environ.WSGI_RUN_ONCE, Boolean.FALSE);
        env.put(Environ.WSGI_FILE_WRAPPER, FILE_WRAPPER);
        env.put(Environ.WSGI_INPUT_TERMINATED, Boolean.TRUE);
    }

    /**
     * The environ key of a request header: {@code "HTTP_"} + upper case, {@code -} as {@code _};
     * {@code Content-Type} and {@code Content-Length} have no prefix. Returns {@code null} for a
     * name containing {@code _}: such headers are dropped so that {@code X_Forwarded_For} can
     * never pose as {@code X-Forwarded-For} (the hole nginx and gunicorn closed).
     */
    public static String headerKey(String name) {
        String known = KNOWN_KEYS.get(name);
        return known != null ? known : computedKey(name);
    }

    /**
     * Percent-decodes a raw path as bytes and reads the bytes as ISO-8859-1, exactly as
     * {@code wsgiref} fills {@code PATH_INFO}: {@code "/caf%C3%A9"} gives {@code "/caf\u00c3\u00a9"},
     * which an application turns back into {@code "/café"} with
     * {@code new String(path.getBytes(ISO_8859_1), UTF_8)}. A {@code %} not followed by two hex
     * digits stays as it is, as Python's {@code unquote} leaves it. {@code %2F} becomes {@code /}.
     */
    public static String unquote(String raw) {
        int first = raw.indexOf('%');
        if (first < 0) {
            return raw;
        }
        StringBuilder b = new StringBuilder(raw.length());
        b.append(raw, 0, first);
        for (int i = first; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int hi;
            int lo;
            if (c == '%' && i + 2 < raw.length() && (hi = Ascii.hex(raw.charAt(i + 1))) >= 0
                    && (lo = Ascii.hex(raw.charAt(i + 2))) >= 0) {
                b.append((char) (hi << 4 | lo));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * {@code PATH_INFO} (and {@code SCRIPT_NAME}) of a raw path: {@link #unquote}, then the dot
     * segments removed from the decoded path ({@link #removeDotSegments}), so that no application
     * on any jwsgi server sees a {@code .} or {@code ..} segment, however it was sent: raw,
     * percent-encoded ({@code %2e}, {@code %2E}, mixed), between encoded slashes ({@code %2F},
     * which is a {@code /} in the decoded path) or with {@code ;params}. {@code "/a/%2e%2e/b"}
     * gives {@code "/b"}; a path with nothing to remove, nearly every path, is returned as
     * {@code unquote} gives it. docs/security.md compares the rule with nginx's, Jetty's and Tomcat's.
     *
     * @throws IllegalArgumentException when a {@code ..} segment climbs above the root
     *     ({@code "/a/../../etc"}): a server answers such a request 400
     */
    public static String decodePath(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf("/.") < 0) {
            return raw; // the usual path: no escape, so no dot segment either
        }
        return removeDotSegments(unquote(raw));
    }

    /**
     * Removes the {@code .} and {@code ..} segments of a decoded path that starts with
     * {@code /}, as RFC 3986 section 5.2.4 does, with two differences: a segment is a dot segment
     * when its part before the first {@code ;} is {@code .} or {@code ..} (a servlet container
     * drops {@code ;params} before it resolves dot segments, so {@code ..;x} climbs there), and a
     * {@code ..} with nothing left to remove is refused instead of ignored. A dot segment at the
     * end leaves a {@code /} ({@code "/a/b/.."} gives {@code "/a/"}). A path that does not start
     * with {@code /} (the {@code *} of {@code OPTIONS *}) is returned as it is.
     *
     * @throws IllegalArgumentException when a {@code ..} segment climbs above the root
     */
    public static String removeDotSegments(String path) {
        if (!path.startsWith("/") || !hasDotSegment(path)) {
            return path;
        }
        int n = path.length();
        int[] starts = new int[n]; // where each kept segment begins in out: a stack
        int kept = 0;
        StringBuilder out = new StringBuilder(n);
        for (int start = 1; start <= n; ) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = n;
            }
            int dots = dots(path, start, end);
            boolean last = end == n;
            if (dots == 0) {
                starts[kept++] = out.length();
                out.append('/').append(path, start, end);
            } else {
                if (dots == 2) {
                    if (kept == 0) {
                        throw new IllegalArgumentException("path climbs above the root: \"" + path + "\"");
                    }
                    out.setLength(starts[--kept]);
                }
                if (last) {
                    out.append('/'); // "/a/." and "/a/b/.." end in a directory: "/a/"
                }
            }
            start = end + 1;
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** Whether some segment of {@code path} is {@code .} or {@code ..} (before its {@code ;params}). */
    private static boolean hasDotSegment(String path) {
        for (int i = path.indexOf("/."); i >= 0; i = path.indexOf("/.", i + 1)) {
            int end = path.indexOf('/', i + 1);
            if (dots(path, i + 1, end < 0 ? path.length() : end) > 0) {
                return true;
            }
        }
        return false;
    }

    /** 1 for a {@code .} segment, 2 for {@code ..}, else 0: the segment {@code path[start, end)} up to its first {@code ;}. */
    private static int dots(String path, int start, int end) {
        int semi = path.indexOf(';', start);
        int nameEnd = semi >= 0 && semi < end ? semi : end;
        int length = nameEnd - start;
        if (length == 1 && path.charAt(start) == '.') {
            return 1;
        }
        if (length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.') {
            return 2;
        }
        return 0;
    }

    private static Map<String, String> knownKeys() {
        Map<String, String> keys = new HashMap<>();
        for (String name : COMMON_HEADER_NAMES) {
            keys.put(name, computedKey(name));
        }
        return Map.copyOf(keys);
    }

    private static String computedKey(String name) {
        int n = name.length();
        if (n == 12 && name.equalsIgnoreCase("Content-Type")) {
            return Environ.CONTENT_TYPE;
        }
        if (n == 14 && name.equalsIgnoreCase("Content-Length")) {
            return Environ.CONTENT_LENGTH;
        }
        char[] key = new char[5 + n];
        Environ.HTTP_PREFIX.getChars(0, 5, key, 0);
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c == '_') {
                return null;
            }
            key[5 + i] = c == '-' ? '_' : (c >= 'a' && c <= 'z') ? (char) (c - 32) : c;
        }
        return new String(key);
    }
}
