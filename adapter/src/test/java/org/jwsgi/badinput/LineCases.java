package org.jwsgi.badinput;

import static org.jwsgi.badinput.Outcome.NOT_HTTP11;
import static org.jwsgi.badinput.Outcome.silentClose;
import static org.jwsgi.badinput.Outcome.refused;
import static org.jwsgi.badinput.Outcome.served;

import java.util.List;
import org.jwsgi.badinput.Outcome.End;

/** The request line (RFC 9112 sections 2.3, 3): method, request-target forms, version. */
final class LineCases {

    private static final String HOST = "Host: x\n\n";

    private LineCases() {
    }

    static final List<BadCase> CASES = List.of(
            BadCase.of("http09", "9112 2.3", "GET /\n", refused(400))
                    .on("jetty", refused(505))
                    // Tomcat still speaks HTTP/0.9; the bridge refuses it, in a body without a status line
                    .on("tomcat", new Outcome(List.of(NOT_HTTP11), End.CLOSES, 0, false, "HTTP/0.9 is not supported")),
            BadCase.of("http2-preface", "9112 2.3, 9113 3.4", "PRI * HTTP/2.0\n\nSM\n\n", refused(505))
                    .on("jetty", refused(426))
                    .on("tomcat", silentClose()),
            BadCase.of("version-1.2", "9112 2.3", "GET / HTTP/1.2\n" + HOST, refused(505)),
            BadCase.of("version-2.0", "9112 2.3", "GET / HTTP/2.0\n" + HOST, refused(505))
                    .on("jetty", refused(426)),
            BadCase.of("version-lowercase", "9112 2.3", "GET / http/1.1\n" + HOST, refused(400))
                    .on("jetty", served(200)),
            BadCase.of("version-two-digits", "9112 2.3", "GET / HTTP/1.10\n" + HOST, refused(400))
                    .on("jetty", refused(505))
                    .on("tomcat", refused(505)),
            BadCase.of("method-not-token", "9112 3.1", "G(T / HTTP/1.1\n" + HOST, refused(400)),
            BadCase.of("double-space", "9112 3", "GET  / HTTP/1.1\n" + HOST, refused(400))
                    .on("jetty", served(200))
                    .on("tomcat", served(200)),
            BadCase.of("tab-separator", "9112 3", "GET\t/ HTTP/1.1\n" + HOST, refused(400))
                    .on("tomcat", served(200)),
            BadCase.of("space-in-target", "9112 3.2", "GET /a b HTTP/1.1\n" + HOST, refused(400)),
            BadCase.of("control-in-target", "9112 3.2", "GET /a\u0001b HTTP/1.1\n" + HOST, refused(400)),
            BadCase.of("fragment-in-target", "9112 3.2", "GET /a#b HTTP/1.1\n" + HOST, refused(400)),
            BadCase.of("origin-form", "9112 3.2.1", "GET /a/b?c=d HTTP/1.1\n" + HOST,
                    served(200).saying("PATH_INFO=/a/b\n")),
            BadCase.of("absolute-form-host-wins", "9112 3.2.2", "GET http://a.example:81/p HTTP/1.1\n" + HOST,
                    served(200).saying("HTTP_HOST=a.example:81\n"))
                    .on("jetty", refused(400))
                    .on("tomcat", refused(400)),
            BadCase.of("absolute-form-same-host", "9112 3.2.2", "GET http://x/p HTTP/1.1\n" + HOST,
                    served(200).saying("PATH_INFO=/p\n")),
            BadCase.of("absolute-form-userinfo", "9112 3.2.2", "GET http://u@x/p HTTP/1.1\n" + HOST, refused(400))
                    .on("tomcat", served(200)),
            BadCase.of("absolute-form-other-scheme", "9112 3.2.2", "GET ftp://x/p HTTP/1.1\n" + HOST, refused(400)),
            BadCase.of("authority-form-get", "9112 3.2.3", "GET x:80 HTTP/1.1\n" + HOST, refused(400)),
            BadCase.of("connect", "9112 3.2.3", "CONNECT x:443 HTTP/1.1\nHost: x:443\n\n", refused(501)),
            // answered by the server itself (RFC 9110 9.3.7), as Tomcat does: 200, Allow, no application
            BadCase.of("options-asterisk", "9110 9.3.7", "OPTIONS * HTTP/1.1\n" + HOST, served(200).calls(0)),
            BadCase.of("asterisk-not-options", "9112 3.2.4", "GET * HTTP/1.1\n" + HOST, refused(400)),
            BadCase.of("dot-segments-removed", "3986 5.2.4", "GET /a/./b/../c HTTP/1.1\n" + HOST,
                    served(200).saying("PATH_INFO=/a/c\n")),
            BadCase.of("encoded-dot-segments-removed", "3986 5.2.4", "GET /a/%2e%2E/b/.%2e/c HTTP/1.1\n" + HOST,
                    served(200).saying("PATH_INFO=/c\n")),
            BadCase.of("dot-segment-with-params-removed", "3986 5.2.4", "GET /a/..;x=1/b HTTP/1.1\n" + HOST,
                    served(200).saying("PATH_INFO=/b\n")),
            BadCase.of("dot-segment-between-encoded-slashes", "3986 5.2.4", "GET /a%2F..%2Fb HTTP/1.1\n" + HOST,
                    served(200).saying("PATH_INFO=/b\n"))
                    .on("jetty", refused(400)) // both refuse any encoded slash
                    .on("tomcat", refused(400)),
            BadCase.of("dot-segments-above-root", "3986 5.2.4", "GET /a/../../etc/passwd HTTP/1.1\n" + HOST,
                    refused(400)),
            BadCase.of("encoded-dot-segments-above-root", "3986 5.2.4",
                    "GET /%2e%2e/%2E%2E/etc/passwd HTTP/1.1\n" + HOST, refused(400)),
            BadCase.of("path-not-utf8", "3333 url reconstruction", "GET /x%E9y HTTP/1.1\n" + HOST,
                    served(200).saying("PATH_INFO=/x\u00e9y\n")),
            BadCase.of("leading-empty-lines", "9112 2.2", "\n\nGET / HTTP/1.1\n" + HOST, served(200)),
            BadCase.of("too-many-empty-lines", "9112 2.2", "\n\n\n\n\nGET / HTTP/1.1\n" + HOST, refused(400))
                    .on("jetty", served(200))
                    .on("tomcat", served(200)));
}
