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
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.gateway.LineWriter;
import org.jwsgi.gateway.TlsEnviron;
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
     * The environ of {@code request}. The raw request URI is decoded as the bundled server decodes
     * it ({@link WsgiEnviron#decodePath}: percent-decoded as bytes, read as ISO-8859-1, without
     * dot segments); {@code SCRIPT_NAME} is its part that the context path and the servlet path
     * cover, {@code PATH_INFO} the rest; for a default ({@code "/"}) mapping {@code SCRIPT_NAME}
     * is the context path alone. {@code wsgi.errors} writes to the servlet context's log.
     *
     * @throws IllegalArgumentException when a {@code ..} segment of the request URI climbs above
     *     the root (containers refuse most such requests themselves; {@link WsgiServlet} answers
     *     the rest 400)
     */
    public static Map<String, Object> environ(HttpServletRequest request) {
        Map<String, Object> env = new HashMap<>(64);
        String rawUri = request.getRequestURI();
        String query = request.getQueryString();
        env.put(Environ.REQUEST_METHOD, request.getMethod());
        putPaths(env, request, rawUri);
        env.put(Environ.QUERY_STRING, query == null ? "" : query);
        env.put(Environ.REQUEST_URI, query == null ? rawUri : rawUri + "?" + query);
        env.put(Environ.SERVER_PROTOCOL, request.getProtocol());
        env.put(Environ.SERVER_SOFTWARE, request.getServletContext().getServerInfo());
        boolean http2 = request.getProtocol().startsWith("HTTP/2");
        if (request.getHeader("Host") == null && !http2) {
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
        if (http2 && !env.containsKey(Environ.HTTP_HOST)) {
            // HTTP/2's :authority stands for Host (RFC 9113 8.3.1), and apps rebuild URLs from HTTP_HOST
            env.put(Environ.HTTP_HOST, authority(request));
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
        if (request.isSecure()) {
            env.putAll(tls(request));
        }
        return env;
    }

    /** The authority of an HTTP/2 request as a Host header would give it: the port only when not the scheme's default. */
    private static String authority(HttpServletRequest request) {
        String name = request.getServerName();
        if (name.indexOf(':') >= 0 && !name.startsWith("[")) {
            name = "[" + name + "]";
        }
        int port = request.getServerPort();
        boolean defaultPort = port == ("https".equals(request.getScheme()) ? 443 : 80);
        return defaultPort ? name : name + ":" + port;
    }

    /** Servlet names of a TLS request's attributes: the spec's, which Tomcat and jwsgi's Jetty set. */
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    private static final String CIPHER = "jakarta.servlet.request.cipher_suite";
    private static final String PROTOCOL = "jakarta.servlet.request.secure_protocol";

    /**
     * HTTPS, SSL_PROTOCOL, SSL_CIPHER and the SSL_CLIENT_* keys from the request attributes the
     * Servlet spec names; behind a proxy that only says the request was secure, HTTPS and
     * SSL_CLIENT_VERIFY NONE.
     */
    private static Map<String, Object> tls(HttpServletRequest request) {
        Object certificates = request.getAttribute(CERTIFICATES);
        Object cipher = request.getAttribute(CIPHER);
        Object protocol = request.getAttribute(PROTOCOL);
        return TlsEnviron.of(protocol instanceof String p ? p : null, cipher instanceof String c ? c : null,
                certificates instanceof X509Certificate[] chain ? chain : null);
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
     * Puts SCRIPT_NAME and PATH_INFO: the decoded, dot-free request path split after the segments
     * of the context path and the servlet path. Containers resolve dot segments too, so the split
     * lines up with their mapping; where it does not (a container that decodes differently), the
     * container's own decoded values are taken, as bytes read as ISO-8859-1, still without dot segments.
     */
    private static void putPaths(Map<String, Object> env, HttpServletRequest request, String rawUri) {
        String path = WsgiEnviron.decodePath(rawUri);
        String contextPath = contextPath(request);
        int scriptSegments = scriptSegments(request);
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String mapped = contextPath + (scriptSegments > 0 ? servletPath : ""); // the default mapping's is PATH_INFO
        int segments = segments(contextPath) + scriptSegments;
        int end = afterSegments(path, 0, segments);
        String script = path.substring(0, end);
        if (segments > 0 && !matches(script, mapped)) {
            String pathInfo = (scriptSegments > 0 ? "" : servletPath)
                    + (request.getPathInfo() == null ? "" : request.getPathInfo());
            env.put(Environ.SCRIPT_NAME, WsgiEnviron.removeDotSegments(native_(mapped)));
            env.put(Environ.PATH_INFO, WsgiEnviron.removeDotSegments(native_(pathInfo)));
        } else {
            env.put(Environ.SCRIPT_NAME, script);
            env.put(Environ.PATH_INFO, path.substring(end));
        }
    }

    /**
     * The context path as the application knows it (decoded, canonical): the request's own may be
     * the raw part of the URI ({@code /x/../ctx}, {@code /c%74x}) on some containers.
     */
    private static String contextPath(HttpServletRequest request) {
        String canonical = request.getServletContext().getContextPath();
        return canonical != null ? canonical : request.getContextPath() == null ? "" : request.getContextPath();
    }

    /**
     * How many path segments after the context path belong to SCRIPT_NAME: those of the servlet
     * path for exact, prefix and extension mappings, none for the default mapping (whose servlet
     * path is the whole path) and the context root.
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
     * Whether SCRIPT_NAME, without the {@code ;params} of its segments, is the container's decoded
     * context and servlet path: decoded as ISO-8859-1 (Tomcat with {@code URIEncoding="ISO-8859-1"},
     * as the tomcat backend sets it) or as UTF-8 (the containers' default).
     */
    static boolean matches(String script, String decoded) {
        StringBuilder plain = new StringBuilder(script.length());
        for (String segment : script.split("/", -1)) {
            int semi = segment.indexOf(';');
            plain.append(semi < 0 ? segment : segment.substring(0, semi)).append('/');
        }
        String bare = plain.substring(0, plain.length() - 1);
        return bare.equals(decoded) || bare.equals(native_(decoded));
    }

    /** A decoded path as a native string: its UTF-8 bytes read as ISO-8859-1, as {@link WsgiEnviron#unquote} gives. */
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
