package org.jwsgi.conformance;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jwsgi.RawResponse;

/**
 * One raw request of the cross-backend corpus: what its environ must hold (PEP 3333), which
 * backends refuse it and with what status, and environ values that differ by design on a
 * backend (each one explained in docs/backends.md).
 *
 * @param body for an {@code Expect: 100-continue} request, the body sent after the interim
 *     response; otherwise null (the body, if any, is part of {@code request})
 */
record EnvironCase(String name, String request, String body, Map<String, String> expected,
        Map<String, Integer> refusedBy, Map<String, Map<String, String>> differences) {

    static final String HOST = "Host: test.example:8080\r\n";

    static EnvironCase of(String name, String request, String... expected) {
        Map<String, String> e = new HashMap<>();
        for (int i = 0; i < expected.length; i += 2) {
            e.put(expected[i], expected[i + 1]);
        }
        return new EnvironCase(name, request, null, e, new HashMap<>(), new HashMap<>());
    }

    /** {@code backend} answers {@code status} without calling the application. */
    EnvironCase refusedBy(String backend, int status) {
        refusedBy.put(backend, status);
        return this;
    }

    /** On {@code backend}, {@code key} is {@code value} (null: absent) where builtin has its own. */
    EnvironCase differsOn(String backend, String key, String value) {
        differences.computeIfAbsent(backend, b -> new HashMap<>()).put(key, value);
        return this;
    }

    EnvironCase continueWith(String continuedBody) {
        return new EnvironCase(name, request, continuedBody, expected, refusedBy, differences);
    }

    boolean noHost() {
        return !request.contains("\r\nHost:");
    }

    /** Whether the Host names no port: SERVER_PORT is then the scheme's default. */
    boolean hostWithoutPort() {
        int at = request.indexOf("\r\nHost: ");
        if (at < 0) {
            return false;
        }
        String host = request.substring(at + 8, request.indexOf("\r\n", at + 2));
        return !host.contains(":");
    }

    RawResponse send(URI server) throws IOException {
        return body == null ? RawClient.exchange(server, request) : RawClient.exchangeExpectingContinue(server, request, body);
    }

    @Override
    public String toString() {
        return name;
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\n" + HOST + "\r\n";
    }

    static final List<EnvironCase> CORPUS = List.of(
            of("plain path", get("/plain"),
                    "REQUEST_METHOD", "GET", "SCRIPT_NAME", "", "PATH_INFO", "/plain", "QUERY_STRING", "",
                    "SERVER_NAME", "test.example", "SERVER_PORT", "8080", "HTTP_HOST", "test.example:8080",
                    "SERVER_PROTOCOL", "HTTP/1.1", "REMOTE_ADDR", "127.0.0.1", "wsgi.url_scheme", "http",
                    "wsgi.input.read", "0"),
            of("UTF-8 percent-escapes, decoded as bytes", get("/caf%C3%A9/na%C3%AFve?q=caf%C3%A9&x=%20"),
                    "PATH_INFO", "/caf\u00c3\u00a9/na\u00c3\u00afve", "QUERY_STRING", "q=caf%C3%A9&x=%20",
                    "REQUEST_URI", "/caf%C3%A9/na%C3%AFve?q=caf%C3%A9&x=%20"),
            of(";params kept in PATH_INFO", get("/a;p=1/b;q=2?k=v"),
                    "PATH_INFO", "/a;p=1/b;q=2", "QUERY_STRING", "k=v"),
            of("space and tilde escapes", get("/sp%20ace/%7Euser/"), "PATH_INFO", "/sp ace/~user/"),
            of("an empty query", get("/p?"), "PATH_INFO", "/p", "QUERY_STRING", ""),
            of("repeated headers joined with commas",
                    "GET /h HTTP/1.1\r\n" + HOST + "X-Multi: a\r\nX-Multi: b\r\nx-multi: c\r\nAccept: */*\r\n\r\n",
                    "HTTP_X_MULTI", "a,b,c", "HTTP_ACCEPT", "*/*"),
            of("a header with underscores is dropped",
                    "GET /h HTTP/1.1\r\n" + HOST + "X_Evil: 1\r\nX-Good: 2\r\n\r\n", "HTTP_X_GOOD", "2"),
            of("an empty header value", "GET /h HTTP/1.1\r\n" + HOST + "X-Empty:\r\n\r\n", "HTTP_X_EMPTY", ""),
            of("a header value with UTF-8 bytes, read as ISO-8859-1",
                    "GET /h HTTP/1.1\r\n" + HOST + "X-Utf8: caf\u00c3\u00a9\r\n\r\n", "HTTP_X_UTF8", "caf\u00c3\u00a9"),
            of("a form POST, body left for the app",
                    "POST /form HTTP/1.1\r\n" + HOST + "Content-Type: application/x-www-form-urlencoded\r\n"
                            + "Content-Length: 10\r\n\r\na=1&b=%20x",
                    "REQUEST_METHOD", "POST", "CONTENT_TYPE", "application/x-www-form-urlencoded",
                    "CONTENT_LENGTH", "10", "wsgi.input.read", "10"),
            of("a chunked upload", "PUT /up HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "REQUEST_METHOD", "PUT", "wsgi.input.read", "11"),
            of("100-continue", "POST /c HTTP/1.1\r\n" + HOST + "Expect: 100-continue\r\nContent-Length: 4\r\n\r\n",
                    "CONTENT_LENGTH", "4", "wsgi.input.read", "4").continueWith("data"),
            of("HTTP/1.0 without Host", "GET /old HTTP/1.0\r\n\r\n", "SERVER_PROTOCOL", "HTTP/1.0",
                    "SERVER_NAME", "127.0.0.1"),
            of("HTTP/1.0 with Host", "GET /old HTTP/1.0\r\n" + HOST + "\r\n", "SERVER_PROTOCOL", "HTTP/1.0",
                    "SERVER_NAME", "test.example", "SERVER_PORT", "8080"),
            of("a Host without a port", "GET /p HTTP/1.1\r\nHost: test.example\r\n\r\n",
                    "SERVER_NAME", "test.example", "SERVER_PORT", "80"),
            // Tomcat: "The encoded slash character is not allowed"; Jetty: "Ambiguous URI path separator"
            of("an encoded slash", get("/a%2Fb"), "PATH_INFO", "/a/b").refusedBy("jetty", 400).refusedBy("tomcat", 400),
            // no dot segment reaches an application (WsgiEnviron.decodePath); REQUEST_URI stays raw
            of("dot segments", get("/a/./b/../c"), "PATH_INFO", "/a/c", "REQUEST_URI", "/a/./b/../c"),
            of("encoded dot segments", get("/a/%2e%2E/b/.%2e/c"), "PATH_INFO", "/c"),
            of("a dot segment with ;params", get("/a/..;p=1/b"), "PATH_INFO", "/b"),
            of("a trailing dot segment", get("/a/b/.."), "PATH_INFO", "/a/"),
            // Tomcat: "The encoded slash character is not allowed"; Jetty: "Ambiguous URI path separator"
            of("a dot segment between encoded slashes", get("/a%2F..%2Fb"), "PATH_INFO", "/b")
                    .refusedBy("jetty", 400).refusedBy("tomcat", 400),
            // PEP 3333: bytes read as ISO-8859-1, whatever they are (Jetty: BAD_UTF8_ENCODING allowed,
            // Tomcat: URIEncoding ISO-8859-1)
            of("a percent-encoded byte that is not UTF-8", get("/x%E9y%C3"), "PATH_INFO", "/x\u00e9y\u00c3"),
            // Tomcat: "Invalid URI"; Jetty: "Bad Request"
            of("an encoded NUL", get("/nul%00x"), "PATH_INFO", "/nul\u0000x").refusedBy("jetty", 400)
                    .refusedBy("tomcat", 400),
            of("an absolute-form target", "GET http://test.example:8080/abs?x=1 HTTP/1.1\r\n" + HOST + "\r\n",
                    "PATH_INFO", "/abs", "QUERY_STRING", "x=1", "HTTP_HOST", "test.example:8080")
                    // the servlet API gives only the path of an absolute-form target
                    .differsOn("jetty", "REQUEST_URI", "/abs?x=1").differsOn("tomcat", "REQUEST_URI", "/abs?x=1"),
            // RFC 9112 3.2.2 says the authority wins; both containers refuse the mismatch instead
            // (Jetty: "Authority!=Host"; Tomcat: allowHostHeaderMismatch=false)
            of("an absolute-form target whose authority is not the Host",
                    "GET http://other.example:9090/abs?x=1 HTTP/1.1\r\n" + HOST + "\r\n",
                    "PATH_INFO", "/abs", "QUERY_STRING", "x=1", "HTTP_HOST", "other.example:9090")
                    .refusedBy("jetty", 400).refusedBy("tomcat", 400));
}
