package org.jwsgi.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;
import java.util.Locale;

/**
 * What the bundled server refuses before any application runs and a servlet container may let
 * through: the bridge refuses it too, with the bundled server's status and words, so that no
 * backend hands the application a request the others refuse. Containers refuse most of what
 * docs/security.md lists on their own; these are the gaps measured on Jetty 12 and Tomcat 11
 * (docs/backends.md).
 */
final class Refusals {

    /** A refused request: the status and the detail of {@link org.jwsgi.gateway.ErrorPage}. */
    record Refusal(int status, String detail) {
    }

    private Refusals() {
    }

    /** Why the bundled server would refuse {@code request}, or null if it would not. */
    static Refusal of(HttpServletRequest request) {
        if ("CONNECT".equals(request.getMethod())) {
            return new Refusal(501, "CONNECT is not supported: this server is not a proxy");
        }
        String protocol = request.getProtocol();
        if (protocol == null || !protocol.startsWith("HTTP/") || protocol.equals("HTTP/0.9")) {
            // Tomcat still serves HTTP/0.9 (it can only send the body, no status line)
            return new Refusal(400, "malformed request line: no HTTP version (HTTP/0.9 is not supported)");
        }
        String scheme = request.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            // Jetty takes any scheme in an absolute-form target (ftp://host/path); wsgi.url_scheme
            // can only be http or https
            return new Refusal(400, "request-target is neither origin-form (/path) nor absolute-form (http://host/path)");
        }
        Enumeration<String> fields = request.getHeaders("Transfer-Encoding");
        if (fields == null || !fields.hasMoreElements()) {
            return null;
        }
        if (protocol.equals("HTTP/1.0")) {
            return new Refusal(400, "Transfer-Encoding in an HTTP/1.0 request");
        }
        if (request.getHeader("Content-Length") != null) {
            return new Refusal(400, "both Content-Length and Transfer-Encoding: the body's length is ambiguous");
        }
        while (fields.hasMoreElements()) {
            for (String coding : fields.nextElement().split(",")) {
                String c = coding.strip().toLowerCase(Locale.ROOT);
                if (!c.isEmpty() && !c.equals("chunked")) {
                    // Jetty removes the chunked framing of "gzip, chunked" and hands over gzip bytes
                    return new Refusal(501, "transfer coding not implemented: " + c);
                }
            }
        }
        return null;
    }
}
