package org.jwsgi.badinput;

import static org.jwsgi.badinput.Outcome.refused;
import static org.jwsgi.badinput.Outcome.served;

import java.util.List;

/** The header section (RFC 9112 sections 2.2 and 5, RFC 9110 section 5): field syntax, Host, Expect. */
final class FieldCases {

    private static final String GET = "GET / HTTP/1.1\nHost: x\n";

    private FieldCases() {
    }

    static final List<BadCase> CASES = List.of(
            BadCase.of("obs-fold", "9112 5.2", GET + "X-A: one\n two\n\n", refused(400))
                    .on("tomcat", served(200)),
            BadCase.of("space-before-colon", "9112 5.1", GET + "X-A : 1\n\n", refused(400)),
            BadCase.of("tab-before-colon", "9112 5.1", GET + "X-A\t: 1\n\n", refused(400)),
            BadCase.of("name-not-token", "9110 5.1", GET + "X(A): 1\n\n", refused(400)),
            BadCase.of("name-non-ascii", "9110 5.1", GET + "X-\u00e9: 1\n\n", refused(400)),
            BadCase.of("name-nul", "9110 5.1", GET + "X-\0A: 1\n\n", refused(400)),
            BadCase.of("name-empty", "9110 5.1", GET + ": 1\n\n", refused(400)),
            BadCase.of("line-without-colon", "9112 5", GET + "garbage\n\n", refused(400)),
            BadCase.of("value-nul", "9110 5.5", GET + "X-A: a\0b\n\n", refused(400)),
            BadCase.of("value-control", "9110 5.5", GET + "X-A: a\u0001b\n\n", refused(400)),
            BadCase.of("value-del", "9110 5.5", GET + "X-A: a\u007fb\n\n", refused(400)),
            BadCase.of("value-bare-cr", "9112 2.2", GET + "X-A: a{CR}b\n\n", refused(400)),
            BadCase.of("request-line-bare-cr", "9112 2.2", "GET /{CR} HTTP/1.1\nHost: x\n\n", refused(400)),
            BadCase.of("header-bare-lf", "9112 2.2", GET + "X-A: 1{LF}\n", refused(400))
                    .on("jetty", served(200))
                    .on("tomcat", served(200)),
            BadCase.of("value-obs-text", "9110 5.5", GET + "X-A: caf\u00e9\n\n",
                    served(200).saying("HTTP_X_A=caf\u00e9\n")),
            BadCase.of("underscore-name-dropped", "docs/environ.md",
                    GET + "X-Forwarded-For: good\nX_Forwarded_For: evil\n\n",
                    served(200).saying("HTTP_X_FORWARDED_FOR=good\n")),
            BadCase.of("host-missing", "9112 3.2", "GET / HTTP/1.1\n\n", refused(400)),
            BadCase.of("host-repeated", "9112 3.2", GET + "Host: y\n\n", refused(400)),
            BadCase.of("host-repeated-same", "9112 3.2", GET + "host: x\n\n", refused(400)),
            BadCase.of("host-invalid", "9112 3.2", "GET / HTTP/1.1\nHost: x/y\n\n", refused(400)),
            BadCase.of("host-userinfo", "9112 3.2", "GET / HTTP/1.1\nHost: u@x\n\n", refused(400)),
            BadCase.of("host-bad-port", "9112 3.2", "GET / HTTP/1.1\nHost: x:8o\n\n", refused(400)),
            BadCase.of("host-absent-http10", "9112 3.2", "GET / HTTP/1.0\n\n", served(200).thenCloses()),
            BadCase.of("expect-unknown", "9110 10.1.1", "POST / HTTP/1.1\nHost: x\nExpect: 200-ok\n"
                    + "Content-Length: 5\n\nhello", refused(417)),
            BadCase.of("expect-100-continue", "9110 10.1.1", "POST / HTTP/1.1\nHost: x\nExpect: 100-continue\n"
                    + "Content-Length: 5\n\nhello", served(200).saying("body=5\n")));
}
