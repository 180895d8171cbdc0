package org.jwsgi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The environ keys of PEP 3333 and the extensions jwsgi fills; see docs/environ.md for the table
 * of types and how each backend fills them.
 *
 * <pre>{@code
 * String path = (String) environ.get(Environ.PATH_INFO);
 * InputStream body = (InputStream) environ.get(Environ.WSGI_INPUT);
 * }</pre>
 */
public final class Environ {

    public static final String REQUEST_METHOD = "REQUEST_METHOD";
    public static final String SCRIPT_NAME = "SCRIPT_NAME";
    public static final String PATH_INFO = "PATH_INFO";
    public static final String QUERY_STRING = "QUERY_STRING";
    public static final String CONTENT_TYPE = "CONTENT_TYPE";
    public static final String CONTENT_LENGTH = "CONTENT_LENGTH";
    public static final String SERVER_NAME = "SERVER_NAME";
    public static final String SERVER_PORT = "SERVER_PORT";
    public static final String SERVER_PROTOCOL = "SERVER_PROTOCOL";
    public static final String SERVER_SOFTWARE = "SERVER_SOFTWARE";
    public static final String REMOTE_ADDR = "REMOTE_ADDR";
    public static final String REMOTE_PORT = "REMOTE_PORT";
    /** The raw request-target, as gunicorn's {@code RAW_URI} and waitress's {@code REQUEST_URI}. */
    public static final String REQUEST_URI = "REQUEST_URI";
    public static final String HTTP_HOST = "HTTP_HOST";

    /** {@code List<Integer>} {@code [1, 0]}. */
    public static final String WSGI_VERSION = "wsgi.version";
    /** {@code "http"} or {@code "https"}. */
    public static final String WSGI_URL_SCHEME = "wsgi.url_scheme";
    /** {@link java.io.InputStream} that ends exactly at the end of the request body. */
    public static final String WSGI_INPUT = "wsgi.input";
    /** {@link java.io.PrintWriter} whose lines go to the server's log. */
    public static final String WSGI_ERRORS = "wsgi.errors";
    public static final String WSGI_MULTITHREAD = "wsgi.multithread";
    public static final String WSGI_MULTIPROCESS = "wsgi.multiprocess";
    public static final String WSGI_RUN_ONCE = "wsgi.run_once";
    /** A {@link FileWrapper}. */
    public static final String WSGI_FILE_WRAPPER = "wsgi.file_wrapper";
    /** {@code Boolean.TRUE}: {@code wsgi.input} returns end-of-stream at the end of the body. */
    public static final String WSGI_INPUT_TERMINATED = "wsgi.input_terminated";

    /** The prefix of request header keys: {@code User-Agent} becomes {@code HTTP_USER_AGENT}. */
    public static final String HTTP_PREFIX = "HTTP_";

    /**
     * The header names requests carry most, in the case clients write them. {@link #headerKey}
     * answers their keys without building a string, and the bundled server's parser hands out these
     * very strings for them instead of a new one per request.
     */
    public static final List<String> COMMON_HEADER_NAMES = List.of("Host", "User-Agent", "Accept", "Accept-Encoding",
            "Accept-Language", "Connection", "Cookie", "Referer", "Cache-Control", "Content-Type", "Content-Length",
            "Upgrade-Insecure-Requests", "Origin", "Authorization", "If-None-Match", "If-Modified-Since", "Pragma",
            "Transfer-Encoding", "Expect", "Range", "Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site",
            "Sec-Fetch-User", "Priority", "X-Forwarded-For", "X-Forwarded-Proto", "X-Requested-With");
    private static final Map<String, String> KNOWN_KEYS = knownKeys();

    private static Map<String, String> knownKeys() {
        Map<String, String> keys = new HashMap<>();
        for (String name : COMMON_HEADER_NAMES) {
            keys.put(name, computedKey(name));
        }
        return Map.copyOf(keys);
    }

    private Environ() {
    }

    /**
     * The environ key of a request header: {@code "HTTP_"} + upper case, {@code -} as {@code _};
     * {@code Content-Type} and {@code Content-Length} have no prefix. Returns {@code null} for a
     * name containing {@code _}: such headers are dropped so that {@code X_Forwarded_For} can
     * never pose as {@code X-Forwarded-For} (the hole nginx and gunicorn closed).
     */
    public static String headerKey(String name) {
        String known = KNOWN_KEYS.get(name);
        if (known != null) {
            return known; // the names browsers and clients send: no new key per request
        }
        return computedKey(name);
    }

    private static String computedKey(String name) {
        int n = name.length();
        if (n == 12 && name.equalsIgnoreCase("Content-Type")) {
            return CONTENT_TYPE;
        }
        if (n == 14 && name.equalsIgnoreCase("Content-Length")) {
            return CONTENT_LENGTH;
        }
        char[] key = new char[5 + n];
        "HTTP_".getChars(0, 5, key, 0);
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c == '_') {
                return null;
            }
            key[5 + i] = c == '-' ? '_' : (c >= 'a' && c <= 'z') ? (char) (c - 32) : c;
        }
        return new String(key);
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
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                b.append((char) (hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2))));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
