package org.jwsgi.backend;

import java.io.CharArrayWriter;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.AbstractAccessLogValve;
import org.jwsgi.gateway.ServerEndpoints;

/**
 * Tomcat's access log in the bundled server's form: Common Log Format ({@code -} for an empty
 * body) through {@code System.Logger} {@code org.jwsgi.access} at INFO, rather than Tomcat's
 * default of a file in its base directory.
 */
final class AccessLogValve extends AbstractAccessLogValve {

    private static final System.Logger ACCESS = System.getLogger("org.jwsgi.access");

    private final ServerEndpoints endpoints;

    /** @param endpoints the server's own paths: those not logged (the health path) are left out */
    AccessLogValve(ServerEndpoints endpoints) {
        this.endpoints = endpoints;
        setPattern("common"); // %h %l %u %t "%r" %s %b
    }

    @Override
    public void log(Request request, Response response, long time) {
        if (endpoints.logged(request.getRequestURI())) {
            super.log(request, response, time);
        }
    }

    @Override
    protected void log(CharArrayWriter message) {
        ACCESS.log(System.Logger.Level.INFO, message.toString());
    }
}
