package org.jwsgi.servlet;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.Objects;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.gateway.ServerEndpoints;

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
    private final transient ServerEndpoints endpoints;

    /** For {@code web.xml}: the application is named by the init parameter {@value #APPLICATION}. */
    public WsgiServlet() {
        this.maxBodyBytes = Long.MAX_VALUE;
        this.endpoints = ServerEndpoints.NONE;
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
        this(app, maxBodyBytes, ServerEndpoints.NONE);
    }

    /**
     * For a server that answers some paths itself (its health path): a request to one of
     * {@code endpoints} is answered by that endpoint, never by the application.
     */
    public WsgiServlet(Application app, long maxBodyBytes, ServerEndpoints endpoints) {
        this.app = Objects.requireNonNull(app, "app");
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be >= 0: " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
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
        Map<String, Object> environ = ServletBridge.environ(request);
        if (BridgeInput.refuse(request.getContentLengthLong(), maxBodyBytes, "HEAD".equals(request.getMethod()),
                response)) {
            return;
        }
        environ.put(Environ.WSGI_INPUT, BridgeInput.wrap(request.getInputStream(), maxBodyBytes));
        ServerEndpoints.Endpoint own = endpoints.match(request.getRequestURI());
        ServletBridge.respond(own == null ? app : own.app(), environ, response, getServletContext());
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
