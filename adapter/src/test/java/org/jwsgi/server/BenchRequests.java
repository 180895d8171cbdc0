package org.jwsgi.server;

import java.nio.charset.StandardCharsets;

/**
 * The request heads the micro-benchmarks feed the bundled server: what a load generator sends
 * (the headline case of docs/benchmarks.md) and what a browser sends (the everyday case).
 */
final class BenchRequests {

    /** What wrk or curl sends for {@code /hello}: the request line and three fields, 81 bytes. */
    static final byte[] HELLO = ascii("""
            GET /hello HTTP/1.1\r
            Host: 127.0.0.1:8000\r
            User-Agent: wrk/4.1.0\r
            Accept: */*\r
            \r
            """);

    /**
     * What Firefox sends for a page of the sample app: a query string, 13 fields, cookies of a
     * session and a CSRF token, 608 bytes (Chrome's are of the same size).
     */
    static final byte[] BROWSER = ascii("""
            GET /sample/api/greeting?name=Ada&lang=en HTTP/1.1\r
            Host: localhost:8000\r
            User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r
            Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r
            Accept-Language: en-US,en;q=0.5\r
            Accept-Encoding: gzip, deflate, br, zstd\r
            Referer: http://localhost:8000/sample/\r
            Connection: keep-alive\r
            Cookie: sessionid=4f2a9c1e8b7d6a5f3e2d1c0b9a8f7e6d; csrftoken=Qm9vZ2llV29vZ2llQmFuYW5hU3BsaXQ; theme=dark\r
            Upgrade-Insecure-Requests: 1\r
            Sec-Fetch-Dest: document\r
            Sec-Fetch-Mode: navigate\r
            Sec-Fetch-Site: same-origin\r
            Priority: u=0, i\r
            \r
            """);

    private BenchRequests() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
