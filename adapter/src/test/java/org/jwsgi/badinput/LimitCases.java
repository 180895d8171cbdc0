package org.jwsgi.badinput;

import static org.jwsgi.badinput.Outcome.inputFails;
import static org.jwsgi.badinput.Outcome.refused;
import static org.jwsgi.badinput.Outcome.served;
import static org.jwsgi.badinput.Outcome.silentClose;

import java.time.Duration;
import java.util.List;
import org.jwsgi.options.ServerOptions;

/**
 * The limits and timeouts of {@code ServerOptions}, set small ({@link #OPTIONS}) so each trips at
 * once: every refusal names its option in the bundled server's answer.
 */
final class LimitCases {

    static final Duration TIMEOUT = Duration.ofMillis(500);

    static final ServerOptions OPTIONS = ServerOptions.defaults().withPort(0)
            .withMaxRequestLineBytes(256).withMaxHeaderBytes(512).withMaxHeaderCount(10).withMaxBodyBytes(1000)
            .withHeaderReadTimeout(TIMEOUT).withBodyReadTimeout(TIMEOUT).withKeepAliveTimeout(TIMEOUT);

    private static final String POST = "POST / HTTP/1.1\nHost: x\n";
    private static final String CHUNKED = POST + "Transfer-Encoding: chunked\n\n";

    private LimitCases() {
    }

    /** A request line of exactly {@code length} bytes (without its CRLF). */
    private static String line(int length) {
        return "GET /" + "a".repeat(length - "GET / HTTP/1.1".length()) + " HTTP/1.1\n";
    }

    /** {@code count} fields after Host, in {@code bytes} bytes of header section (CRLFs counted). */
    private static String fields(int count, int bytes) {
        StringBuilder b = new StringBuilder("Host: x\n");
        int left = bytes - 9;
        for (int i = 0; i < count; i++) {
            int size = left / (count - i);
            String name = "X-" + (char) ('a' + i) + ": ";
            b.append(name).append("v".repeat(size - name.length() - 2)).append('\n');
            left -= size;
        }
        return b.append('\n').toString();
    }

    /** {@code count} trailer fields of {@code bytes} bytes each (CRLF counted). */
    private static String trailers(int count, int bytes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append("T").append((char) ('a' + i)).append(": ").append("v".repeat(bytes - 6)).append('\n');
        }
        return b.toString();
    }

    static final List<BadCase> CASES = List.of(
            BadCase.of("request-line-at-limit", "maxRequestLineBytes", line(256) + "Host: x\n\n", served(200)),
            BadCase.of("request-line-over", "maxRequestLineBytes", line(257) + "Host: x\n\n",
                    refused(414).saying("maxRequestLineBytes=256"))
                    .on("jetty", served(200))
                    .on("tomcat", served(200)),
            BadCase.of("request-line-over-sum", "maxRequestLineBytes", line(1000) + "Host: x\n\n",
                    refused(414).saying("maxRequestLineBytes=256"))
                    .on("jetty", refused(414))
                    .on("tomcat", refused(400)),
            BadCase.of("header-section-at-limit", "maxHeaderBytes", "GET / HTTP/1.1\n" + fields(3, 512), served(200)),
            BadCase.of("header-section-over", "maxHeaderBytes", "GET / HTTP/1.1\n" + fields(3, 513),
                    refused(431).saying("maxHeaderBytes=512"))
                    .on("jetty", served(200))
                    .on("tomcat", served(200)),
            BadCase.of("header-section-over-sum", "maxHeaderBytes", "GET / HTTP/1.1\n" + fields(5, 1000),
                    refused(431).saying("maxHeaderBytes=512"))
                    .on("jetty", refused(431))
                    .on("tomcat", refused(400)),
            BadCase.of("header-count-at-limit", "maxHeaderCount", "GET / HTTP/1.1\n" + fields(9, 200), served(200)),
            BadCase.of("header-count-over", "maxHeaderCount", "GET / HTTP/1.1\n" + fields(10, 200),
                    refused(431).saying("maxHeaderCount=10"))
                    .on("jetty", served(200))
                    .on("tomcat", refused(400)),
            BadCase.of("body-at-limit", "maxBodyBytes", POST + "Content-Length: 1000\n\n" + "b".repeat(1000),
                    served(200).saying("body=1000\n")),
            BadCase.of("body-length-over", "maxBodyBytes", POST + "Content-Length: 1001\n\n",
                    refused(413).saying("maxBodyBytes=1000")),
            BadCase.of("body-length-over-sent", "maxBodyBytes", POST + "Content-Length: 1001\n\n" + "b".repeat(1001)
                    + "GET /next HTTP/1.1\nHost: x\n\n", refused(413).saying("maxBodyBytes=1000")),
            BadCase.of("body-chunks-over", "maxBodyBytes", CHUNKED + "258\n" + "b".repeat(600) + "\n258\n"
                    + "b".repeat(600) + "\n0\n\n", inputFails(413).saying("maxBodyBytes=1000")),
            BadCase.of("chunk-line-over", "maxRequestLineBytes", CHUNKED + "5" + ";a=b".repeat(70) + "\nhello\n0\n\n",
                    inputFails(400).saying("maxRequestLineBytes=256"))
                    .on("jetty", served(200))
                    .on("tomcat", inputFails(400).saying("maxExtensionSize exceeded")), // = maxRequestLineBytes
            BadCase.of("trailer-count-over", "maxHeaderCount", CHUNKED + "5\nhello\n0\n" + "T: 1\n".repeat(11) + "\n",
                    inputFails(400).saying("maxHeaderCount=10"))
                    .on("jetty", served(200))
                    .on("tomcat", served(200)),
            BadCase.of("trailer-section-over", "maxHeaderBytes", CHUNKED + "5\nhello\n0\n" + trailers(8, 110) + "\n",
                    inputFails(400).saying("maxHeaderBytes=512"))
                    // Jetty bounds trailers by its one head limit, maxRequestLineBytes + maxHeaderBytes
                    .on("jetty", inputFails(400).saying("could not be read"))
                    .on("tomcat", inputFails(400).saying("maxTrailerSize exceeded")), // its maxTrailerSize = maxHeaderBytes
            BadCase.of("head-stalls", "headerReadTimeout", "GET / HTTP/1.1\nHost: x\n",
                    refused(408).saying("headerReadTimeout=500 ms"))
                    .on("tomcat", silentClose()),
            BadCase.of("nothing-sent", "headerReadTimeout", "", silentClose()),
            BadCase.of("body-stalls", "bodyReadTimeout", POST + "Content-Length: 10\n\nabc",
                    inputFails(408).saying("bodyReadTimeout=500 ms"))
                    .on("jetty", inputFails(408).saying("not received within the read timeout"))
                    .on("tomcat", inputFails(408)),
            BadCase.of("chunked-body-stalls", "bodyReadTimeout", CHUNKED + "5\nhello\n",
                    inputFails(408).saying("bodyReadTimeout=500 ms"))
                    .on("jetty", inputFails(408).saying("not received within the read timeout"))
                    .on("tomcat", inputFails(408)));
}
