package org.jwsgi.python;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jwsgi.servlet.WsgiServlet;

/**
 * A Python WSGI application in a WAR: starts a {@link PythonApp} when the servlet is initialised
 * (with {@code load-on-startup}, at deployment) and serves it through jwsgi's servlet bridge
 * ({@link WsgiServlet}); closes it when the container takes the servlet out of service.
 *
 * <table>
 *   <caption>Init parameters</caption>
 *   <tr><th>name</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code callable}</td><td>(required)</td><td>{@code MODULE:CALLABLE}</td></tr>
 *   <tr><td>{@code python-path}</td><td>{@code WEB-INF/python}</td><td>comma-separated directories of the
 *       web application (the app and its packages), put on {@code sys.path} in order</td></tr>
 *   <tr><td>{@code model}</td><td>{@code shared}</td><td>{@code shared} or {@code pool}</td></tr>
 *   <tr><td>{@code contexts}</td><td>the processors</td><td>contexts of the pool model</td></tr>
 * </table>
 *
 * <p>The WAR must be unpacked (Tomcat's default {@code unpackWARs}), since Python imports from
 * directories. docs/python.md shows the layout.
 *
 * <pre>{@code
 * <servlet>
 *   <servlet-name>python</servlet-name>
 *   <servlet-class>org.jwsgi.python.PythonServlet</servlet-class>
 *   <init-param><param-name>callable</param-name><param-value>flask_app:app</param-value></init-param>
 *   <load-on-startup>1</load-on-startup>
 * </servlet>
 * }</pre>
 */
public class PythonServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private transient PythonApp app;
    private transient WsgiServlet bridge;

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        String callable = config.getInitParameter("callable");
        if (callable == null || callable.isBlank()) {
            throw new ServletException("servlet " + config.getServletName()
                    + ": init parameter \"callable\" must name the WSGI application (MODULE:CALLABLE)");
        }
        List<Path> path = new ArrayList<>();
        String dirs = config.getInitParameter("python-path");
        for (String dir : (dirs == null || dirs.isBlank() ? "WEB-INF/python" : dirs).split(",")) {
            String real = getServletContext().getRealPath("/" + dir.strip());
            if (real == null) {
                throw new ServletException("servlet " + config.getServletName() + ": python-path \"" + dir.strip()
                        + "\" is not a directory of the unpacked web application (Python imports from directories:"
                        + " deploy the WAR unpacked)");
            }
            path.add(Path.of(real));
        }
        PythonOptions options;
        try {
            options = PythonOptions.of(callable.strip()).withPythonPath(path);
            String model = config.getInitParameter("model");
            if (model != null) {
                options = options.withModel(Model.parse(model));
            }
            String contexts = config.getInitParameter("contexts");
            if (contexts != null) {
                options = options.withContexts(Integer.parseInt(contexts.strip()));
            }
        } catch (IllegalArgumentException e) {
            throw new ServletException("servlet " + config.getServletName() + ": " + e.getMessage(), e);
        }
        try {
            app = PythonApp.start(options);
        } catch (PythonException e) {
            throw new ServletException("servlet " + config.getServletName() + " cannot load " + callable + ":\n"
                    + e.getMessage(), e);
        }
        getServletContext().log("jwsgi-python: " + callable + " ready: " + options.contextCount() + " GraalPy context(s), "
                + options.model().label() + " model, " + app.runtime());
        bridge = new WsgiServlet(app);
        bridge.init(config);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        bridge.service((ServletRequest) request, (ServletResponse) response); // the public entry: it calls the bridge's own
    }

    @Override
    public void destroy() {
        if (bridge != null) {
            bridge.destroy();
        }
        if (app != null) {
            app.close();
        }
    }
}
