package org.jwsgi.server;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a head's fields mean for framing, checked on heads parsed from raw bytes. */
class RequestHeadTest {

    /** Parses {@code requestLine} and {@code fields} ("Name: value") with the default limits. */
    private static RequestHead head(String requestLine, String... fields) throws HttpError {
        StringBuilder raw = new StringBuilder(requestLine).append("\r\n");
        for (String f : fields) {
            raw.append(f).append("\r\n");
        }
        byte[] wire = raw.append("\r\n").toString().getBytes(ISO_8859_1);
        RequestParser p = new RequestParser(8192, 32 * 1024, 100);
        assertThat(p.feed(wire, 0, wire.length)).isEqualTo(wire.length);
        assertThat(p.done()).isTrue();
        return p.head();
    }

    record Refused(String why, String requestLine, List<String> fields, int status) {
        @Override
        public String toString() {
            return why;
        }
    }

    private static Refused refused(String why, int status, String requestLine, String... fields) {
        return new Refused(why, requestLine, List.of(fields), status);
    }

    static Stream<Refused> refusedHeads() {
        String get11 = "GET / HTTP/1.1";
        String post11 = "POST / HTTP/1.1";
        String post10 = "POST / HTTP/1.0";
        String host = "Host: example.com";
        return Stream.of(
                refused("HTTP/1.1 without Host", 400, get11),
                refused("a path climbing above the root", 400, "GET /a/../../etc/passwd HTTP/1.1", host),
                refused("an encoded path climbing above the root", 400, "GET /%2e%2e/%2E%2E/x HTTP/1.1", host),
                refused("an absolute-form path climbing above the root", 400, "GET http://x/../y HTTP/1.1", host),
                refused("two Host fields", 400, get11, host, host),
                refused("Host with a space", 400, get11, "Host: a b"),
                refused("Host with a slash", 400, get11, "Host: a/b"),
                refused("Host with a non-numeric port", 400, get11, "Host: x:8o"),
                refused("Host with userinfo", 400, get11, "Host: u@x"),
                refused("Host with an unclosed IPv6 literal", 400, get11, "Host: [::1"),
                refused("Content-Length values that differ", 400, post11, host, "Content-Length: 5, 6"),
                refused("Content-Length fields that differ", 400, post11, host, "Content-Length: 5",
                        "Content-Length: 6"),
                refused("Content-Length with a plus sign", 400, post11, host, "Content-Length: +5"),
                refused("negative Content-Length", 400, post11, host, "Content-Length: -1"),
                refused("hex Content-Length", 400, post11, host, "Content-Length: 0x5"),
                refused("Content-Length with an inner space", 400, post11, host, "Content-Length: 5 5"),
                refused("Content-Length of 19 digits", 400, post11, host, "Content-Length: " + "1".repeat(19)),
                refused("empty Content-Length", 400, post11, host, "Content-Length: "),
                refused("Content-Length with an empty element", 400, post11, host, "Content-Length: 5,"),
                refused("Content-Length and Transfer-Encoding", 400, post11, host, "Content-Length: 5",
                        "Transfer-Encoding: chunked"),
                refused("a coding before chunked", 501, post11, host, "Transfer-Encoding: gzip, chunked"),
                refused("a coding before chunked, in two fields", 501, post11, host, "Transfer-Encoding: gzip",
                        "Transfer-Encoding: chunked"),
                refused("chunked not last", 400, post11, host, "Transfer-Encoding: chunked, gzip"),
                refused("gzip alone", 400, post11, host, "Transfer-Encoding: gzip"),
                refused("chunked twice", 400, post11, host, "Transfer-Encoding: chunked, chunked"),
                refused("empty Transfer-Encoding element", 400, post11, host, "Transfer-Encoding: , chunked"),
                refused("Transfer-Encoding on HTTP/1.0", 400, post10, "Transfer-Encoding: chunked"),
                refused("Expect other than 100-continue", 417, get11, host, "Expect: foo"),
                refused("CONNECT", 501, "CONNECT example.com:443 HTTP/1.1", "Host: example.com:443"),
                refused("* for GET", 400, "GET * HTTP/1.1", host),
                refused("target neither origin- nor absolute-form", 400, "GET a/b HTTP/1.1", host),
                refused("ftp absolute-form", 400, "GET ftp://x/ HTTP/1.1", host),
                refused("absolute-form with userinfo", 400, "GET http://user:pw@example.com/ HTTP/1.1", host),
                refused("absolute-form with an empty authority", 400, "GET http:///a HTTP/1.1", host),
                refused("absolute-form with a bad port", 400, "GET http://example.com:x/ HTTP/1.1", host));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedHeads")
    void refusesHeadWhoseFramingIsInvalid(Refused c) {
        HttpError e = assertThrows(HttpError.class, () -> head(c.requestLine(), c.fields().toArray(String[]::new)));
        assertThat(e.status()).isEqualTo(c.status());
    }

    @Test
    void acceptsHttp10WithoutHost() throws HttpError {
        RequestHead h = head("GET / HTTP/1.0");
        assertThat(h.host).isNull();
        assertThat(h.protocol()).isEqualTo("HTTP/1.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com:8080", "[::1]:8080", "[::1]", "127.0.0.1:80", "x"})
    void acceptsHostOfHostAndPort(String host) throws HttpError {
        assertThat(head("GET / HTTP/1.1", "Host: " + host).host).isEqualTo(host);
    }

    record Length(String field, long expected) {
        @Override
        public String toString() {
            return "Content-Length: " + field;
        }
    }

    static Stream<Length> validLengths() {
        return Stream.of(new Length("5", 5), new Length("5, 5", 5), new Length("0", 0),
                new Length("007", 7), new Length("9".repeat(18), 999_999_999_999_999_999L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validLengths")
    void readsContentLength(Length c) throws HttpError {
        RequestHead h = head("POST / HTTP/1.1", "Host: x", "Content-Length: " + c.field());
        assertThat(h.contentLength).isEqualTo(c.expected());
        assertThat(h.chunked).isFalse();
        assertThat(h.hasBody()).isEqualTo(c.expected() > 0);
    }

    @Test
    void hasNoBodyWithoutContentLengthOrTransferEncoding() throws HttpError {
        RequestHead h = head("POST / HTTP/1.1", "Host: x");
        assertThat(h.contentLength).isEqualTo(-1);
        assertThat(h.chunked).isFalse();
        assertThat(h.hasBody()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunked", "Chunked", " chunked "})
    void acceptsChunkedTransferEncoding(String value) throws HttpError {
        RequestHead h = head("POST / HTTP/1.1", "Host: x", "Transfer-Encoding: " + value);
        assertThat(h.chunked).isTrue();
        assertThat(h.contentLength).isEqualTo(-1);
        assertThat(h.hasBody()).isTrue();
    }

    @Test
    void expectsContinueOnHttp11() throws HttpError {
        assertThat(head("POST / HTTP/1.1", "Host: x", "Expect: 100-continue").expectContinue).isTrue();
        assertThat(head("POST / HTTP/1.1", "Host: x", "Expect: 100-Continue").expectContinue).isTrue();
        assertThat(head("POST / HTTP/1.1", "Host: x").expectContinue).isFalse();
    }

    @Test
    void ignoresExpectContinueFromHttp10() throws HttpError {
        assertThat(head("POST / HTTP/1.0", "Expect: 100-continue").expectContinue).isFalse();
    }

    @Test
    void acceptsOptionsAsterisk() throws HttpError {
        RequestHead h = head("OPTIONS * HTTP/1.1", "Host: x");
        assertThat(h.rawPath).isEqualTo("*");
        assertThat(h.query).isEmpty();
    }

    @Test
    void decodesThePathWithoutDotSegmentsAndKeepsTheTargetRaw() throws HttpError {
        RequestHead h = head("GET /a/%2e%2e/b/./c%20d?q=/../ HTTP/1.1", "Host: x");
        assertThat(h.path).isEqualTo("/b/c d");
        assertThat(h.rawPath).isEqualTo("/a/%2e%2e/b/./c%20d");
        assertThat(h.target).isEqualTo("/a/%2e%2e/b/./c%20d?q=/../");
        assertThat(h.query).isEqualTo("q=/../");
    }

    @Test
    void splitsOriginFormIntoPathAndQuery() throws HttpError {
        RequestHead h = head("GET /a/b%2Fc?x=1&y=%20?z HTTP/1.1", "Host: x");
        assertThat(h.rawPath).isEqualTo("/a/b%2Fc");
        assertThat(h.query).isEqualTo("x=1&y=%20?z");
        assertThat(head("GET /a? HTTP/1.1", "Host: x").query).isEmpty();
    }

    @Test
    void takesHostPathAndQueryFromAbsoluteFormOverTheHostHeader() throws HttpError {
        RequestHead h = head("GET http://example.com:8080/a?b=c HTTP/1.1", "Host: other.example");
        assertThat(h.host).isEqualTo("example.com:8080");
        assertThat(h.rawPath).isEqualTo("/a");
        assertThat(h.query).isEqualTo("b=c");
        assertThat(h.target).isEqualTo("http://example.com:8080/a?b=c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com", "HTTPS://example.com", "http://example.com?q"})
    void givesAbsoluteFormWithoutPathTheRootPath(String target) throws HttpError {
        RequestHead h = head("GET " + target + " HTTP/1.1", "Host: example.com");
        assertThat(h.rawPath).isEqualTo("/");
        assertThat(h.host).isEqualTo("example.com");
        assertThat(h.query).isEqualTo(target.endsWith("?q") ? "q" : "");
    }

    record KeepAlive(String requestLine, List<String> fields, boolean expected) {
        @Override
        public String toString() {
            return requestLine + " " + fields + " -> " + expected;
        }
    }

    static Stream<KeepAlive> keepAliveCases() {
        return Stream.of(
                new KeepAlive("GET / HTTP/1.1", List.of("Host: x"), true),
                new KeepAlive("GET / HTTP/1.1", List.of("Host: x", "Connection: close"), false),
                new KeepAlive("GET / HTTP/1.1", List.of("Host: x", "Connection: Keep-Alive, Close"), false),
                new KeepAlive("GET / HTTP/1.1", List.of("Host: x", "Connection: upgrade"), true),
                new KeepAlive("GET / HTTP/1.0", List.of(), false),
                new KeepAlive("GET / HTTP/1.0", List.of("Connection: keep-alive"), true),
                new KeepAlive("GET / HTTP/1.0", List.of("Connection: TE, Keep-Alive"), true),
                new KeepAlive("GET / HTTP/1.0", List.of("Connection: keep-alive", "Connection: close"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keepAliveCases")
    void decidesKeepAliveFromVersionAndConnection(KeepAlive c) throws HttpError {
        assertThat(head(c.requestLine(), c.fields().toArray(String[]::new)).keepAlive).isEqualTo(c.expected());
    }

    @Test
    void findsTheFirstHeaderOfANameInAnyCase() throws HttpError {
        RequestHead h = head("GET / HTTP/1.1", "Host: x", "Accept: a", "ACCEPT: b");
        assertThat(h.header("accept")).isEqualTo("a");
        assertThat(h.header("X-Missing")).isNull();
    }
}
