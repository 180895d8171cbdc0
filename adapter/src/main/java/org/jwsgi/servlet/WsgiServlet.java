package org.jwsgi.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.gateway.ConnectionEvents;
import org.jwsgi.gateway.RequestEvent;
import org.jwsgi.gateway.RequestIds;
import org.jwsgi.gateway.RequestRecord;
import org.jwsgi.gateway.ServerEndpoints;
import org.jwsgi.gateway.WsgiEnviron;
import org.jwsgi.options.ServerOptions;

/**
 * A servlet that serves one {@link Application} through {@link ServletBridge}. Register it
 * programmatically with the application, or in {@code web.xml} naming the application's class
 * (a public class with a public no-argument constructor) in the init parameter
 * {@value #APPLICATION}:
 *
 * <pre>{@code
 * <servlet>
 *   <servlet-name>app</servlet-name>
 *   <servlet-class>org.jwsgi.servlet.WsgiServlet</servlet-class>
 *   <init-param><param-name>application</param-name><param-value>com.example.MyApp</param-value></init-param>
 * </servlet>
 * <servlet-mapping><servlet-name>app</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
 * }</pre>
 *
 * or {@code context.addServlet(new ServletHolder(new WsgiServlet(new MyApp())), "/*")}.
 */
public class WsgiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /**
     * The request attribute under which this servlet leaves the request's {@link RequestRecord}
     * (when its backend's access log or listeners want one): the backends' access logs write it.
     */
    public static final String RECORD_ATTRIBUTE = "org.jwsgi.gateway.RequestRecord";
    /** The request attribute set to {@code Boolean.TRUE} when the access log must skip the request (a server endpoint). */
    public static final String UNLOGGED_ATTRIBUTE = "org.jwsgi.access.skip";

    /** The init parameter naming the application class. */
    public static final String APPLICATION = "application";

    private transient Application app;
    private final long maxBodyBytes;
    /** With minBodyRate, how slowly a body may come; null: as the container's timeouts allow. */
    private final Duration bodyReadTimeout;
    private final int minBodyRate;
    private final transient ServerOptions options;
    private final transient ServletWatch watch;

    /** For {@code web.xml}: the application is named by the init parameter {@value #APPLICATION}. */
    public WsgiServlet() {
        this.maxBodyBytes = Long.MAX_VALUE;
        this.bodyReadTimeout = null;
        this.minBodyRate = 0;
        this.options = null;
        this.watch = new ServletWatch(null, "container", List.of(), false);
    }

    /** For programmatic registration, with no limit on request bodies beyond the container's. */
    public WsgiServlet(Application app) {
        this(app, Long.MAX_VALUE);
    }

    /**
     * For programmatic registration: a request body over {@code maxBodyBytes} is answered 413
     * (before the application runs when its Content-Length says so, else when a read goes past it).
     */
    public WsgiServlet(Application app, long maxBodyBytes) {
        this.app = Objects.requireNonNull(app, "app");
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 0: " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
        this.bodyReadTimeout = null;
        this.minBodyRate = 0;
        this.options = null;
        this.watch = new ServletWatch(null, "container", List.of(), false);
    }

    /**
     * For a backend: {@code options}' {@code maxBodyBytes}, request ids, server endpoints and
     * listeners, on the container called {@code backend} ({@code jetty}, {@code tomcat}); a request
     * body that falls behind {@code minBodyRate} by more than {@code bodyReadTimeout} fails the
     * application's read with a {@link java.net.SocketTimeoutException} (408 if it escapes). Each
     * read is bounded by the container's own timeout as well.
     */
    public WsgiServlet(Application app, ServerOptions options, String backend) {
        this.app = Objects.requireNonNull(app, "app");
        this.options = Objects.requireNonNull(options, "options");
        this.maxBodyBytes = options.maxBodyBytes();
        this.bodyReadTimeout = options.bodyReadTimeout();
        this.minBodyRate = options.minBodyRate();
        this.watch = new ServletWatch(Objects.requireNonNull(backend, "backend"), options.threading().label(),
                options.listeners(), options.accessLog());
    }

    /** Requests this servlet is answering now. */
    public int requestsInFlight() {
        return watch.inFlight();
    }

    @Override
    public void init() throws ServletException {
        if (app != null) {
            return;
        }
        String name = getInitParameter(APPLICATION);
        if (name == null || name.isBlank()) {
            throw new ServletException("servlet " + getServletName() + ": init parameter \"" + APPLICATION
                    + "\" must name the application class");
        }
        app = instantiate(name.strip(), Thread.currentThread().getContextClassLoader());
    }

    /** The application this servlet serves (null before {@link #init()} for a web.xml servlet). */
    public Application application() {
        return app;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        long began = System.nanoTime();
        RequestEvent event = ConnectionEvents.request(); // null unless JFR records it
        boolean head = "HEAD".equals(request.getMethod());
        Refusals.Refusal refusal = Refusals.of(request);
        if (refusal != null) {
            BridgeInput.sendError(refusal.status(), refusal.detail(), head, response, null);
            watch.refused(request, refusal.status(), null, refusal.detail());
            return;
        }
        Map<String, Object> environ;
        try {
            environ = ServletBridge.environ(request);
        } catch (IllegalArgumentException aboveRoot) {
            BridgeInput.sendError(400, WsgiEnviron.PATH_ABOVE_ROOT, head, response, null);
            watch.refused(request, 400, null, WsgiEnviron.PATH_ABOVE_ROOT);
            return;
        }
        if (BridgeInput.refuse(request.getContentLengthLong(), maxBodyBytes, head, response)) {
            watch.refused(request, 413, "maxBodyBytes", "Content-Length " + request.getContentLengthLong()
                    + " over maxBodyBytes=" + maxBodyBytes);
            return;
        }
        BridgeInput input = BridgeInput.wrap(request.getInputStream(), maxBodyBytes, bodyReadTimeout, minBodyRate);
        environ.put(Environ.WSGI_INPUT, input);
        BridgeResponse bridge = ServletBridge.bridge(environ, response, getServletContext());
        String requestId = RequestIds.choose((String) environ.get("HTTP_X_REQUEST_ID"),
                options != null && options.requestId());
        if (requestId != null) {
            environ.put(Environ.JWSGI_REQUEST_ID, requestId);
            bridge.requestId(requestId);
        }
        ServerEndpoints.Endpoint endpoint = options == null ? null
                : options.endpoints().find(environ.get(Environ.PATH_INFO));
        watch.begun();
        try {
            bridge.run(endpoint == null ? app : endpoint.app(), environ, ServletBridge.inputFailed(environ));
        } finally {
            watch.ended();
            if (event != null || watch.watched()) {
                RequestRecord r = watch.record(request, environ, began, bridge, input, requestId, endpoint != null,
                        endpoint == null || endpoint.logged());
                if (event != null) {
                    event.commit(r);
                }
            }
        }
    }

    static Application instantiate(String className, ClassLoader loader) throws ServletException {
        try {
            Class<?> type = Class.forName(className, true, loader == null ? WsgiServlet.class.getClassLoader() : loader);
            if (!Application.class.isAssignableFrom(type)) {
                throw new ServletException("\"" + className + "\" does not implement " + Application.class.getName());
            }
            return (Application) type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new ServletException("application class not found: \"" + className + "\"", e);
        } catch (NoSuchMethodException e) {
            throw new ServletException("\"" + className + "\" has no public no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new ServletException("constructing \"" + className + "\" failed", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ServletException("cannot construct \"" + className + "\"", e);
        }
    }
}
