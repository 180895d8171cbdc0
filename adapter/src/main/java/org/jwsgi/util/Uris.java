package org.jwsgi.util;

import java.util.Map;
import org.jwsgi.Environ;

/**
 * {@code wsgiref.util}'s URL reconstruction and {@code shift_path_info}, by PEP 3333's algorithm.
 *
 * <pre>{@code
 * String self = Uris.requestUri(environ, true);      // "http://example.org:8080/app/items?page=2"
 * String root = Uris.applicationUri(environ);        // "http://example.org:8080/app"
 * String next = Uris.shiftPathInfo(environ);         // "items": SCRIPT_NAME "/app/items", PATH_INFO ""
 * }</pre>
 *
 * <p>Paths in the environ are native strings (bytes as ISO-8859-1, see docs/environ.md); the
 * URLs built here quote them back byte by byte, keeping what {@code urllib.parse.quote} keeps
 * ({@code A-Z a-z 0-9 _ . - ~ /}, plus {@code ;=,} in PATH_INFO as wsgiref does).
 */
public final class Uris {

    private Uris() {
    }

    /**
     * The application's base URL ({@code wsgiref.util.application_uri}): scheme, host (from
     * {@code HTTP_HOST}, else {@code SERVER_NAME} and a non-default {@code SERVER_PORT}) and the
     * quoted {@code SCRIPT_NAME}, or {@code "/"} when it is empty.
     */
    public static String applicationUri(Map<String, Object> environ) {
        String scriptName = str(environ, Environ.SCRIPT_NAME);
        return base(environ).append(quote(scriptName.isEmpty() ? "/" : scriptName, "/")).toString();
    }

    /**
     * The full URL of the request ({@code wsgiref.util.request_uri}): the application URL, the
     * quoted {@code PATH_INFO} ({@code ;=,} kept), and the raw {@code QUERY_STRING} if
     * {@code includeQuery} and there is one.
     */
    public static String requestUri(Map<String, Object> environ, boolean includeQuery) {
        StringBuilder url = new StringBuilder(applicationUri(environ));
        String pathInfo = quote(str(environ, Environ.PATH_INFO), "/;=,");
        url.append(str(environ, Environ.SCRIPT_NAME).isEmpty() && !pathInfo.isEmpty() ? pathInfo.substring(1) : pathInfo);
        String query = str(environ, Environ.QUERY_STRING);
        if (includeQuery && !query.isEmpty()) {
            url.append('?').append(query);
        }
        return url.toString();
    }

    /**
     * Moves the next segment of {@code PATH_INFO} to the end of {@code SCRIPT_NAME} and returns
     * it, exactly as {@code wsgiref.util.shift_path_info} does: with SCRIPT_NAME {@code "/app"}
     * and PATH_INFO {@code "/a/b"}, returns {@code "a"} and leaves {@code "/app/a"} and
     * {@code "/b"}. Empty and {@code .} segments in the middle are skipped; SCRIPT_NAME is
     * normalised ({@code ..} resolved). A trailing {@code "/"} moves to SCRIPT_NAME and gives
     * {@code ""}. Returns {@code null}, changing nothing, when PATH_INFO is empty, and
     * {@code null} (after shifting) for a last segment {@code "."}.
     */
    public static String shiftPathInfo(Map<String, Object> environ) {
        String pathInfo = str(environ, Environ.PATH_INFO);
        if (pathInfo.isEmpty() || pathInfo.indexOf('/') < 0) {
            return null; // wsgiref fails on a PATH_INFO without "/", which PEP 3333 does not allow
        }
        String[] split = pathInfo.split("/", -1);
        java.util.List<String> parts = new java.util.ArrayList<>();
        parts.add(split[0]);
        for (int i = 1; i < split.length - 1; i++) {
            if (!split[i].isEmpty() && !split[i].equals(".")) {
                parts.add(split[i]);
            }
        }
        if (split.length > 1) {
            parts.add(split[split.length - 1]);
        }
        String name = parts.remove(1);
        String scriptName = normpath(str(environ, Environ.SCRIPT_NAME) + "/" + name);
        if (scriptName.endsWith("/")) {
            scriptName = scriptName.substring(0, scriptName.length() - 1);
        }
        if (name.isEmpty() && !scriptName.endsWith("/")) {
            scriptName += "/";
        }
        environ.put(Environ.SCRIPT_NAME, scriptName);
        environ.put(Environ.PATH_INFO, String.join("/", parts));
        return name.equals(".") ? null : name;
    }

    /**
     * {@code posixpath.normpath}: drops {@code .} and empty segments, resolves {@code ..} (never
     * above the root), keeps one leading {@code /} (two if there were exactly two, as POSIX
     * allows); an empty result is {@code "."}.
     */
    static String normpath(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        int slashes = path.startsWith("//") && !path.startsWith("///") ? 2 : path.startsWith("/") ? 1 : 0;
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") && (slashes > 0 && out.isEmpty() || !out.isEmpty() && !out.peekLast().equals(".."))) {
                out.pollLast();
            } else {
                out.addLast(segment);
            }
        }
        String joined = "/".repeat(slashes) + String.join("/", out);
        return joined.isEmpty() ? "." : joined;
    }

    /**
     * {@code SCRIPT_NAME + PATH_INFO} quoted back to URL form ({@code ;=,} kept): the path of the
     * request as it is safe to show in a message or a log line.
     */
    public static String requestPath(Map<String, Object> environ) {
        return quote(str(environ, Environ.SCRIPT_NAME) + str(environ, Environ.PATH_INFO), "/;=,");
    }

    private static StringBuilder base(Map<String, Object> environ) {
        String scheme = str(environ, Environ.WSGI_URL_SCHEME);
        StringBuilder url = new StringBuilder(64).append(scheme).append("://");
        String host = str(environ, Environ.HTTP_HOST);
        if (!host.isEmpty()) {
            url.append(host);
        } else {
            url.append(str(environ, Environ.SERVER_NAME));
            String port = str(environ, Environ.SERVER_PORT);
            if (!(scheme.equals("https") ? port.equals("443") : port.equals("80"))) {
                url.append(':').append(port);
            }
        }
        return url;
    }

    /** Percent-encodes a native string byte by byte, keeping unreserved characters and {@code safe}. */
    static String quote(String s, String safe) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "_.-~".indexOf(c) >= 0
                    || safe.indexOf(c) >= 0) {
                b.append(c);
            } else {
                if (c > 0xFF) {
                    throw new IllegalArgumentException("not a native string (a char above U+00FF) in \"" + s + "\"");
                }
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    private static String str(Map<String, Object> environ, String key) {
        Object v = environ.get(key);
        return v == null ? "" : v.toString();
    }
}
