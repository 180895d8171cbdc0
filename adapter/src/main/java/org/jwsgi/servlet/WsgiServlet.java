package org.jwsgi.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jwsgi.Application;
import org.jwsgi.Environ;
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

    /** The init parameter naming the application class. */
    public static final String APPLICATION = "application";

    private transient Application app;
    private final long maxBodyBytes;
    /** With minBodyRate, how slowly a body may come; null: as the container's timeouts allow. */
    private final Duration bodyReadTimeout;
    private final int minBodyRate;

    /** For {@code web.xml}: the application is named by the init parameter {@value #APPLICATION}. */
    public WsgiServlet() {
        this.maxBodyBytes = Long.MAX_VALUE;
        this.bodyReadTimeout = null;
        this.minBodyRate = 0;
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
    }

    /**
     * For programmatic registration with the options of a backend: {@code maxBodyBytes} as above,
     * and a request body that falls behind {@code minBodyRate} by more than {@code bodyReadTimeout}
     * fails the application's read with a {@link java.net.SocketTimeoutException} (408 if it
     * escapes). Each read is bounded by the container's own timeout as well.
     */
    public WsgiServlet(Application app, ServerOptions options) {
        this.app = Objects.requireNonNull(app, "app");
        this.maxBodyBytes = options.maxBodyBytes();
        this.bodyReadTimeout = options.bodyReadTimeout();
        this.minBodyRate = options.minBodyRate();
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
        boolean head = "HEAD".equals(request.getMethod());
        Refusals.Refusal refusal = Refusals.of(request);
        if (refusal != null) {
            BridgeInput.sendError(refusal.status(), refusal.detail(), head, response);
            return;
        }
        Map<String, Object> environ;
        try {
            environ = ServletBridge.environ(request);
        } catch (IllegalArgumentException aboveRoot) {
            BridgeInput.sendError(400, WsgiEnviron.PATH_ABOVE_ROOT, head, response);
            return;
        }
        if (BridgeInput.refuse(request.getContentLengthLong(), maxBodyBytes, head, response)) {
            return;
        }
        environ.put(Environ.WSGI_INPUT, BridgeInput.wrap(request.getInputStream(), maxBodyBytes, bodyReadTimeout,
                minBodyRate));
        ServletBridge.respond(app, environ, response, getServletContext());
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
