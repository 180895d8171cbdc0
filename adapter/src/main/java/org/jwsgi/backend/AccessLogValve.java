package org.jwsgi.backend;

import java.io.CharArrayWriter;
import org.apache.catalina.valves.AbstractAccessLogValve;
import org.jwsgi.gateway.AccessLog;

/**
 * Tomcat's access log in the bundled server's form: Common Log Format ({@code -} for an empty
 * body), formatted by Tomcat on the request's thread and written by jwsgi's {@link AccessLog}
 * (its sink: {@code System.Logger} {@code org.jwsgi.access} by default), rather than Tomcat's
 * default of a file in its base directory.
 */
final class AccessLogValve extends AbstractAccessLogValve {

    private final AccessLog log;

    AccessLogValve(AccessLog log) {
        this.log = log;
        setPattern("common"); // %h %l %u %t "%r" %s %b
    }

    @Override
    protected void log(CharArrayWriter message) {
        log.log(message.toString());
    }
}
