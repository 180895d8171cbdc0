package org.jwsgi.servlet;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.MappingMatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.gateway.LineWriter;
import org.jwsgi.gateway.WsgiEnviron;

/**
 * The servlet bridge as two plain functions: {@link #environ} builds the PEP 3333 environ of a
 * servlet request, {@link #respond} runs an application and writes what it answers to a servlet
 * response. {@link WsgiServlet} only wires them; a filter, a Jetty handler or a test can call
 * them directly.
 *
 * <pre>{@code
 * protected void service(HttpServletRequest request, HttpServletResponse response) throws ... {
 *     ServletBridge.respond(app, ServletBridge.environ(request), response);
 * }
 * }</pre>
 *
 * <p>The environ equals the bundled server's for the same request (docs/environ.md): the paths
 * come from the raw request URI, percent-decoded as bytes, never from the container's decoded
 * {@code getPathInfo()}; nothing reads the body ({@code getParameter} and {@code getParts} are
 * never called), so {@code wsgi.input} holds all of it.
 */
public final class ServletBridge {

    private ServletBridge() {
    }

    /**
     * The environ of {@code request}. {@code SCRIPT_NAME} is the context path plus the servlet
     * path and {@code PATH_INFO} the rest of the raw request URI, both percent-decoded as bytes
     * and read as ISO-8859-1; for a default ({@code "/"}) mapping {@code SCRIPT_NAME} is the
     * context path alone. {@code wsgi.errors} writes to the servlet context's log.
     */
    public static Map<String, Object> environ(HttpServletRequest request) {
        Map<String, Object> env = new HashMap<>(64);
        String rawUri = request.getRequestURI();
        String query = request.getQueryString();
        int segments = scriptSegments(request);
        String[] paths = splitPath(rawUri, request.getContextPath(), segments);
        env.put(Environ.REQUEST_METHOD, request.getMethod());
        if (segments > 0 && !matches(paths[0], request.getContextPath(), request.getServletPath())) {
            // the container mapped the normalised path, so raw segments no longer line up with
            // the servlet path: take its (decoded) values, as bytes read as ISO-8859-1
            String pathInfo = request.getPathInfo();
            env.put(Environ.SCRIPT_NAME, native_(request.getContextPath() + request.getServletPath()));
            env.put(Environ.PATH_INFO, pathInfo == null ? "" : native_(pathInfo));
        } else {
            env.put(Environ.SCRIPT_NAME, WsgiEnviron.unquote(paths[0]));
            env.put(Environ.PATH_INFO, WsgiEnviron.unquote(paths[1]));
        }
        env.put(Environ.QUERY_STRING, query == null ? "" : query);
        env.put(Environ.REQUEST_URI, query == null ? rawUri : rawUri + "?" + query);
        env.put(Environ.SERVER_PROTOCOL, request.getProtocol());
        env.put(Environ.SERVER_SOFTWARE, request.getServletContext().getServerInfo());
        if (request.getHeader("Host") == null) {
            // as the bundled server does; Tomcat would answer its default host name ("localhost")
            env.put(Environ.SERVER_NAME, request.getLocalAddr());
            env.put(Environ.SERVER_PORT, Integer.toString(request.getLocalPort()));
        } else {
            env.put(Environ.SERVER_NAME, request.getServerName());
            env.put(Environ.SERVER_PORT, Integer.toString(request.getServerPort()));
        }
        env.put(Environ.REMOTE_ADDR, request.getRemoteAddr());
        env.put(Environ.REMOTE_PORT, Integer.toString(request.getRemotePort()));
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements();) {
            String name = names.nextElement();
            String key = WsgiEnviron.headerKey(name);
            if (key == null || env.containsKey(key) || key.equals(Environ.CONTENT_LENGTH)) {
                continue; // a name seen in another case was already joined; the length comes below
            }
            Enumeration<String> values = request.getHeaders(name);
            if (!values.hasMoreElements()) {
                env.put(key, "");
                continue;
            }
            String first = values.nextElement();
            if (!values.hasMoreElements()) {
                env.put(key, first); // the usual case: no joining, no copy
                continue;
            }
            StringBuilder joined = new StringBuilder(first);
            while (values.hasMoreElements()) {
                joined.append(',').append(values.nextElement());
            }
            env.put(key, joined.toString());
        }
        long length = request.getContentLengthLong();
        if (length >= 0) {
            env.put(Environ.CONTENT_LENGTH, Long.toString(length));
        }
        InputStream input;
        try {
            input = BridgeInput.wrap(request.getInputStream(), Long.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WsgiEnviron.putWsgiKeys(env, request.getScheme(), input,
                new PrintWriter(new LineWriter(request.getServletContext()::log), true), true);
        return env;
    }

    /**
     * Calls {@code app} with {@code environ} and writes its response to {@code response}: the
     * status code (Servlet 6 has no way to send the reason phrase), the headers, then the body: a
     * streamed body's chunks flushed as they come, an in-memory one (a {@code Collection}) left to
     * the container's buffer. The body is closed exactly once.
     *
     * <p>An application that fails before anything went out gets a 500 (logged once, to the
     * {@code System.Logger} {@code org.jwsgi.servlet.ServletBridge}). One that fails after the headers went out, or a body that ends short of
     * its Content-Length, ends in a {@link ServletException}: the container then closes the
     * connection without completing the response, so a truncated response never looks whole.
     *
     * @throws ServletException when the response could not be completed and the connection must
     *     be aborted
     * @throws IOException when the client went away
     */
    public static void respond(Application app, Map<String, Object> environ, HttpServletResponse response)
            throws ServletException, IOException {
        System.Logger log = System.getLogger(ServletBridge.class.getName());
        respond(app, environ, response, (message, t) -> log.log(System.Logger.Level.ERROR, message, t));
    }

    /**
     * {@link #respond(Application, Map, HttpServletResponse)} logging what goes wrong to
     * {@code context}'s log (the container's log for the web application), as {@link WsgiServlet} does.
     */
    public static void respond(Application app, Map<String, Object> environ, HttpServletResponse response,
            ServletContext context) throws ServletException, IOException {
        bridge(environ, response, context).run(app, environ, inputFailed(environ));
    }

    private static void respond(Application app, Map<String, Object> environ, HttpServletResponse response,
            BiConsumer<String, Throwable> log) throws ServletException, IOException {
        bridge(environ, response, log).run(app, environ, inputFailed(environ));
    }

    /** The wire of one response, logging what goes wrong to {@code context}'s log. */
    static BridgeResponse bridge(Map<String, Object> environ, HttpServletResponse response, ServletContext context) {
        return bridge(environ, response, (message, t) -> {
            if (t == null) {
                context.log(message);
            } else {
                context.log(message, t);
            }
        });
    }

    private static BridgeResponse bridge(Map<String, Object> environ, HttpServletResponse response,
            BiConsumer<String, Throwable> log) {
        return new BridgeResponse(response, "HEAD".equals(environ.get(Environ.REQUEST_METHOD)), log);
    }

    /** Whether the body as the bridge made it (before an application or middleware replaced it) failed. */
    static BooleanSupplier inputFailed(Map<String, Object> environ) {
        return environ.get(Environ.WSGI_INPUT) instanceof BridgeInput input ? input::failed : () -> false;
    }

    /**
     * How many path segments of the raw URI, after the context path, belong to SCRIPT_NAME: those
     * of the servlet path for exact, prefix and extension mappings, none for the default mapping
     * (whose servlet path is the whole path) and the context root.
     */
    static int scriptSegments(HttpServletRequest request) {
        HttpServletMapping mapping = request.getHttpServletMapping();
        MappingMatch match = mapping == null ? null : mapping.getMappingMatch();
        if (match == null || match == MappingMatch.DEFAULT || match == MappingMatch.CONTEXT_ROOT) {
            return 0;
        }
        return segments(request.getServletPath());
    }

    /** The number of {@code /}-led segments in a decoded path: {@code "/a/b"} → 2, {@code ""} → 0. */
    static int segments(String path) {
        int n = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                n++;
            }
        }
        return n;
    }

    /**
     * Splits the raw request URI into the raw SCRIPT_NAME (the context path and {@code segments}
     * more segments, each with its {@code ;params}) and the raw PATH_INFO (the rest).
     */
    static String[] splitPath(String rawUri, String contextPath, int segments) {
        int at = 0;
        if (contextPath != null && !contextPath.isEmpty()) {
            at = rawUri.startsWith(contextPath) ? contextPath.length() : afterSegments(rawUri, 0, segments(contextPath));
        }
        int end = afterSegments(rawUri, at, segments);
        return new String[] {rawUri.substring(0, end), rawUri.substring(end)};
    }

    /**
     * Whether the raw SCRIPT_NAME part, past the context path, decodes (without its ;params) to
     * the servlet path the container matched. It does not when dot segments were normalised away.
     */
    static boolean matches(String rawScript, String contextPath, String servletPath) {
        String raw = contextPath != null && rawScript.startsWith(contextPath)
                ? rawScript.substring(contextPath.length()) : rawScript;
        StringBuilder plain = new StringBuilder();
        for (String segment : raw.split("/", -1)) {
            int semi = segment.indexOf(';');
            plain.append(semi < 0 ? segment : segment.substring(0, semi)).append('/');
        }
        String decoded = WsgiEnviron.unquote(plain.substring(0, plain.length() - 1));
        return decoded.equals(native_(servletPath));
    }

    /** A decoded path as a native string: its UTF-8 bytes read as ISO-8859-1, as {@link Environ#unquote} gives. */
    private static String native_(String decoded) {
        return new String(decoded.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The index just past {@code count} {@code /}-led segments of {@code raw} from {@code from}. */
    private static int afterSegments(String raw, int from, int count) {
        int i = from;
        for (int s = 0; s < count && i < raw.length(); s++) {
            int next = raw.indexOf('/', i + 1);
            i = next < 0 ? raw.length() : next;
        }
        return i;
    }
}
