package org.jwsgi.backend;

import java.io.CharArrayWriter;
import org.apache.catalina.valves.AbstractAccessLogValve;

/**
 * Tomcat's access log in the bundled server's form: Common Log Format ({@code -} for an empty
 * body) through {@code System.Logger} {@code org.jwsgi.access} at INFO, rather than Tomcat's
 * default of a file in its base directory.
 */
final class AccessLogValve extends AbstractAccessLogValve {

    private static final System.Logger ACCESS = System.getLogger("org.jwsgi.access");

    AccessLogValve() {
        setPattern("common"); // %h %l %u %t "%r" %s %b
    }

    @Override
    protected void log(CharArrayWriter message) {
        ACCESS.log(System.Logger.Level.INFO, message.toString());
    }
}
