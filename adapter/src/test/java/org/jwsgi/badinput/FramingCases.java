package org.jwsgi.badinput;

import static org.jwsgi.badinput.Outcome.inputFails;
import static org.jwsgi.badinput.Outcome.refused;
import static org.jwsgi.badinput.Outcome.served;

import java.util.List;
import org.jwsgi.badinput.Outcome.End;

/**
 * Message framing: Content-Length, Transfer-Encoding, chunked bodies, and pipelined requests
 * that try to smuggle a second request past a badly framed first one (RFC 9112 sections 6, 7
 * and 11.2). A smuggling case is answered once, then the connection closes: the smuggled
 * request never gets a response.
 */
final class FramingCases {

    private static final String POST = "POST / HTTP/1.1\nHost: x\n";
    private static final String CHUNKED = POST + "Transfer-Encoding: chunked\n\n";
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\nHost: x\n\n";

    private FramingCases() {
    }

    static final List<BadCase> CASES = List.of(
            BadCase.of("cl-and-te", "9112 6.1, 6.3", POST + "Content-Length: 5\nTransfer-Encoding: chunked\n\n0\n\n",
                    refused(400))
                    // Tomcat drops Content-Length before any hook sees it, reads the chunked body and
                    // closes after (RFC 9112 6.1 allows it): the smuggled bytes are never answered
                    .on("tomcat", served(200).thenCloses()),
            BadCase.of("te-and-cl", "9112 6.1, 6.3", POST + "Transfer-Encoding: chunked\nContent-Length: 5\n\n0\n\n",
                    refused(400))
                    .on("tomcat", served(200).thenCloses()),
            BadCase.of("cl-differing-fields", "9112 6.3", POST + "Content-Length: 5\nContent-Length: 6\n\nhello!",
                    refused(400)),
            BadCase.of("cl-differing-list", "9112 6.3", POST + "Content-Length: 5, 6\n\nhello!", refused(400)),
            BadCase.of("cl-same-repeated", "9110 8.6", POST + "Content-Length: 5\nContent-Length: 5\n\nhello",
                    served(200).saying("body=5\n"))
                    .on("jetty", refused(400))
                    .on("tomcat", refused(400)),
            BadCase.of("cl-same-list", "9110 8.6", POST + "Content-Length: 5, 5\n\nhello",
                    served(200).saying("body=5\n"))
                    .on("jetty", refused(400))
                    .on("tomcat", refused(400)),
            BadCase.of("cl-plus-sign", "9110 8.6", POST + "Content-Length: +5\n\nhello", refused(400)),
            BadCase.of("cl-negative", "9110 8.6", POST + "Content-Length: -1\n\n", refused(400)),
            BadCase.of("cl-inner-space", "9110 8.6", POST + "Content-Length: 1 0\n\nhellohello", refused(400)),
            BadCase.of("cl-hex", "9110 8.6", POST + "Content-Length: 0x5\n\nhello", refused(400)),
            BadCase.of("cl-decimal-point", "9110 8.6", POST + "Content-Length: 5.0\n\nhello", refused(400)),
            BadCase.of("cl-overflow", "9110 8.6", POST + "Content-Length: 99999999999999999999999\n\nhello",
                    refused(400)),
            BadCase.of("cl-empty", "9110 8.6", POST + "Content-Length:\n\n", refused(400)),
            BadCase.of("te-final-not-chunked", "9112 6.3", POST + "Transfer-Encoding: gzip\n\nhello", refused(400))
                    .on("tomcat", refused(501)),
            BadCase.of("te-chunked-then-gzip", "9112 6.3", POST + "Transfer-Encoding: chunked, gzip\n\n0\n\n",
                    refused(400)),
            BadCase.of("te-unknown-coding", "9112 6.1", POST + "Transfer-Encoding: gzip, chunked\n\n0\n\n",
                    refused(501)),
            BadCase.of("te-unknown-in-second-field", "9112 6.1",
                    POST + "Transfer-Encoding: gzip\nTransfer-Encoding: chunked\n\n0\n\n", refused(501)),
            BadCase.of("te-chunked-twice", "9112 6.1", POST + "Transfer-Encoding: chunked, chunked\n\n0\n\n",
                    refused(400)),
            BadCase.of("te-xchunked", "9112 6.1", POST + "Transfer-Encoding: xchunked\n\n0\n\n", refused(400))
                    .on("tomcat", refused(501)),
            BadCase.of("te-identity", "9112 6.1", POST + "Transfer-Encoding: identity\n\nhello", refused(400))
                    .on("tomcat", refused(501)),
            BadCase.of("te-empty", "9112 6.1", POST + "Transfer-Encoding:\n\n", refused(400)),
            BadCase.of("te-on-http10", "9112 6.1", "POST / HTTP/1.0\nTransfer-Encoding: chunked\n\n0\n\n",
                    refused(400)),
            BadCase.of("te-uppercase-chunked", "9112 7.1", POST + "Transfer-Encoding: CHUNKED\n\n5\nhello\n0\n\n",
                    served(200).saying("body=5\n")),
            BadCase.of("chunk-size-not-hex", "9112 7.1", CHUNKED + "zz\nhello\n0\n\n", inputFails(400)),
            BadCase.of("chunk-size-0x", "9112 7.1", CHUNKED + "0x5\nhello\n0\n\n", inputFails(400)),
            BadCase.of("chunk-size-overflow", "9112 7.1", CHUNKED + "100000000000000005\nhello\n0\n\n",
                    inputFails(400)),
            BadCase.of("chunk-size-negative", "9112 7.1", CHUNKED + "-5\nhello\n0\n\n", inputFails(400)),
            BadCase.of("chunk-size-leading-space", "9112 7.1", CHUNKED + " 5\nhello\n0\n\n", inputFails(400)),
            BadCase.of("chunk-ext-no-name", "9112 7.1.1", CHUNKED + "5;\nhello\n0\n\n", inputFails(400)),
            BadCase.of("chunk-ext-open-quote", "9112 7.1.1", CHUNKED + "5;a=\"b\nhello\n0\n\n", inputFails(400)),
            BadCase.of("chunk-ext-control-char", "9112 7.1.1", CHUNKED + "5;a=\u0001\nhello\n0\n\n", inputFails(400)),
            BadCase.of("chunk-ext-bare-cr", "9112 7.1.1", CHUNKED + "5;a{CR}b\nhello\n0\n\n", inputFails(400)),
            BadCase.of("chunk-ext-valid", "9112 7.1.1", CHUNKED + "5;a=b;c=\"d e\"\nhello\n0\n\n",
                    served(200).saying("body=5\n")),
            BadCase.of("chunk-data-overruns-size", "9112 7.1", CHUNKED + "3\nhello\n0\n\n", inputFails(400)),
            BadCase.of("chunk-data-without-crlf", "9112 7.1", CHUNKED + "5\nhello0\n\n", inputFails(400)),
            BadCase.of("chunk-bare-lf", "9112 7.1", CHUNKED + "5{LF}hello{LF}0{LF}{LF}",
                    inputFails(400)),
            BadCase.of("chunk-cut-mid-data", "9112 8", CHUNKED + "5\nhel", inputFails(400)).halfClosed(),
            BadCase.of("chunk-no-last-chunk", "9112 8", CHUNKED + "5\nhello\n", inputFails(400)).halfClosed(),
            BadCase.of("cl-body-cut-short", "9112 8", POST + "Content-Length: 10\n\nhel", inputFails(400))
                    .halfClosed(),
            BadCase.of("pipeline-two-gets", "9112 9.3.2", "GET /1 HTTP/1.1\nHost: x\n\nGET /2 HTTP/1.1\nHost: x\n\n",
                    served(200, 200)),
            BadCase.of("pipeline-after-body", "9112 9.3.2", POST + "Content-Length: 5\n\nhelloGET /2 HTTP/1.1\nHost: x\n\n",
                    served(200, 200)),
            BadCase.of("pipeline-after-connection-close", "9112 9.6",
                    "GET /1 HTTP/1.1\nHost: x\nConnection: close\n\n" + SMUGGLED, served(200).thenCloses()),
            BadCase.of("smuggle-cl-te", "9112 11.2", POST + "Content-Length: 6\nTransfer-Encoding: chunked\n\n0\n\n"
                    + SMUGGLED, refused(400))
                    .on("tomcat", served(200).thenCloses()),
            BadCase.of("smuggle-te-cl", "9112 11.2", POST + "Transfer-Encoding: chunked\nContent-Length: 4\n\n"
                    + "23\n" + SMUGGLED + "\n0\n\n", refused(400))
                    .on("tomcat", served(200).thenCloses()),
            BadCase.of("smuggle-te-space-before-colon", "9112 5.1",
                    POST + "Content-Length: 4\nTransfer-Encoding : chunked\n\n2b\n" + SMUGGLED + "\n0\n\n",
                    refused(400)),
            BadCase.of("smuggle-te-obs-fold", "9112 5.2",
                    POST + "Content-Length: 4\nTransfer-Encoding:\n chunked\n\n2b\n" + SMUGGLED + "\n0\n\n",
                    refused(400))
                    // whether Tomcat's read of the folded body fails within the 1 s watched varies run to run
                    .on("tomcat", new Outcome(List.of(), End.WAITS, 1, null, null)),
            BadCase.of("smuggle-cl-differing", "9112 6.3", POST + "Content-Length: 0\nContent-Length: 35\n\n"
                    + SMUGGLED, refused(400)),
            BadCase.of("smuggle-bare-lf-head", "9112 2.2", "POST / HTTP/1.1{LF}Host: x{LF}Content-Length: 0{LF}{LF}"
                    + SMUGGLED, refused(400))
                    .on("jetty", served(200, 200))
                    .on("tomcat", served(200, 200)),
            BadCase.of("smuggle-after-bad-chunk", "9112 7.1", CHUNKED + "0x0\n\n" + SMUGGLED, inputFails(400)));
}
