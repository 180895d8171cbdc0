package org.jwsgi.validate;

import static org.jwsgi.validate.CheckedRequest.quote;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import org.jwsgi.Environ;
import org.jwsgi.FileWrapper;
import org.jwsgi.gateway.Ascii;

/**
 * The server's side, before the application runs: the environ's keys, types and values, as
 * {@code wsgiref.validate.check_environ} and docs/environ.md ask.
 */
final class EnvironChecks {

    /** The "yes" rows of docs/environ.md: wsgiref's list plus the CGI keys jwsgi always sets. */
    static final List<String> REQUIRED = List.of(Environ.REQUEST_METHOD, Environ.SCRIPT_NAME, Environ.PATH_INFO,
            Environ.QUERY_STRING, Environ.SERVER_NAME, Environ.SERVER_PORT, Environ.SERVER_PROTOCOL,
            Environ.WSGI_VERSION, Environ.WSGI_URL_SCHEME, Environ.WSGI_INPUT, Environ.WSGI_ERRORS,
            Environ.WSGI_MULTITHREAD, Environ.WSGI_MULTIPROCESS, Environ.WSGI_RUN_ONCE);

    private static final List<String> FLAGS = List.of(Environ.WSGI_MULTITHREAD, Environ.WSGI_MULTIPROCESS,
            Environ.WSGI_RUN_ONCE, Environ.WSGI_INPUT_TERMINATED);

    private EnvironChecks() {
    }

    /** @return whether the environ is a mutable map, so its streams can be wrapped */
    static boolean check(Map<String, Object> env, CheckedRequest ex) {
        if (env == null) {
            ex.violation(Rule.ENVIRON_MAP, "the environ is null");
            return false;
        }
        try {
            env.putAll(Map.of()); // a no-op on a mutable map; immutable ones refuse every putAll
        } catch (UnsupportedOperationException e) {
            ex.violation(Rule.ENVIRON_MAP, "the environ is immutable: " + quote(env.getClass().getName()));
            return false;
        }
        for (String key : REQUIRED) {
            if (!env.containsKey(key)) {
                ex.violation(Rule.ENVIRON_REQUIRED_KEY, "the environ has no " + quote(key));
            }
        }
        types(env, ex);
        values(env, ex);
        return true;
    }

    private static void types(Map<String, Object> env, CheckedRequest ex) {
        for (Map.Entry<String, Object> e : env.entrySet()) {
            Object value = e.getValue();
            if (e.getKey().indexOf('.') < 0 && !(value instanceof String)) {
                ex.violation(Rule.ENVIRON_TYPE, "CGI key " + quote(e.getKey()) + " holds " + typeOf(value)
                        + ", not a String");
            }
            if (value instanceof String s && (e.getKey().indexOf('.') < 0 || e.getKey().startsWith("wsgi."))) {
                for (int i = 0; i < s.length(); i++) {
                    if (s.charAt(i) > 0xFF) {
                        ex.violation(Rule.ENVIRON_NATIVE_STRING, quote(e.getKey()) + " holds "
                                + String.format("U+%04X", (int) s.charAt(i)) + ": " + quote(s));
                        break;
                    }
                }
            }
        }
        expect(env, ex, Environ.WSGI_URL_SCHEME, String.class);
        expect(env, ex, Environ.WSGI_INPUT, InputStream.class);
        expect(env, ex, Environ.WSGI_ERRORS, PrintWriter.class);
        expect(env, ex, Environ.WSGI_FILE_WRAPPER, FileWrapper.class);
        for (String flag : FLAGS) {
            expect(env, ex, flag, Boolean.class);
        }
        if (env.containsKey(Environ.WSGI_VERSION) && !List.of(1, 0).equals(env.get(Environ.WSGI_VERSION))) {
            ex.violation(Rule.ENVIRON_TYPE, "wsgi.version is " + quote(env.get(Environ.WSGI_VERSION))
                    + " (" + typeOf(env.get(Environ.WSGI_VERSION)) + "), not List.of(1, 0)");
        }
    }

    private static void values(Map<String, Object> env, CheckedRequest ex) {
        for (String key : List.of("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH")) {
            if (env.containsKey(key)) {
                ex.violation(Rule.ENVIRON_HTTP_CONTENT_HEADER, "the environ has " + quote(key) + " (use "
                        + key.substring(5) + ")");
            }
        }
        if (env.get(Environ.CONTENT_LENGTH) instanceof String length && !length.isEmpty() && !digits(length)) {
            ex.violation(Rule.ENVIRON_CONTENT_LENGTH, "CONTENT_LENGTH is " + quote(length));
        }
        if (env.get(Environ.SERVER_PORT) instanceof String port && !digits(port)) {
            ex.violation(Rule.ENVIRON_SERVER_PORT, "SERVER_PORT is " + quote(port));
        }
        Object method = env.get(Environ.REQUEST_METHOD);
        if (method instanceof String m && !Ascii.isToken(m)) {
            ex.violation(Rule.ENVIRON_METHOD, "REQUEST_METHOD is " + quote(m));
        }
        if (env.get(Environ.SCRIPT_NAME) instanceof String script) {
            if (!script.isEmpty() && !script.startsWith("/")) {
                ex.violation(Rule.ENVIRON_PATH, "SCRIPT_NAME does not start with \"/\": " + quote(script));
            }
            if (script.equals("/")) {
                ex.violation(Rule.ENVIRON_SCRIPT_NAME_SLASH, "SCRIPT_NAME is " + quote(script)
                        + "; it should be \"\" and PATH_INFO \"/\"");
            }
        }
        // RFC 9112 3.2.4: OPTIONS * is the one request whose target is not a path (wsgiref flags it)
        if (env.get(Environ.PATH_INFO) instanceof String path && !path.isEmpty() && !path.startsWith("/")
                && !(path.equals("*") && "OPTIONS".equals(method))) {
            ex.violation(Rule.ENVIRON_PATH, "PATH_INFO does not start with \"/\": " + quote(path));
        }
        Object scheme = env.get(Environ.WSGI_URL_SCHEME);
        if (scheme instanceof String && !scheme.equals("http") && !scheme.equals("https")) {
            ex.violation(Rule.ENVIRON_URL_SCHEME, "wsgi.url_scheme is " + quote(scheme));
        }
    }

    private static void expect(Map<String, Object> env, CheckedRequest ex, String key, Class<?> type) {
        if (env.containsKey(key) && !type.isInstance(env.get(key))) {
            ex.violation(Rule.ENVIRON_TYPE, quote(key) + " holds " + typeOf(env.get(key)) + ", not "
                    + type.getSimpleName());
        }
    }

    static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
