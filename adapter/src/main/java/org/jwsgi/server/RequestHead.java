package org.jwsgi.server;

import java.util.Locale;
import org.jwsgi.gateway.Ascii;
import org.jwsgi.gateway.WsgiEnviron;

/**
 * A parsed request head and what its headers mean for framing (RFC 9112 sections 3, 6, 9 and
 * RFC 9110 section 10.1.1), checked once here so the connection loop only reads the verdict.
 *
 * <table>
 *   <caption>Framing rules</caption>
 *   <tr><th>input</th><th>status</th></tr>
 *   <tr><td>HTTP/1.1 without a Host field, or with several</td><td>400</td></tr>
 *   <tr><td>a Host that is not {@code host[:port]}</td><td>400</td></tr>
 *   <tr><td>Content-Length and Transfer-Encoding together</td><td>400</td></tr>
 *   <tr><td>Content-Length values that differ, or one not plain digits (sign, hex, inner space, overflow)</td><td>400</td></tr>
 *   <tr><td>Transfer-Encoding on HTTP/1.0, or whose final coding is not chunked, or chunked twice</td><td>400</td></tr>
 *   <tr><td>a transfer coding other than chunked</td><td>501</td></tr>
 *   <tr><td>CONNECT</td><td>501</td></tr>
 *   <tr><td>a target neither origin-form, absolute-form ({@code http(s)://}) nor {@code *} for OPTIONS</td><td>400</td></tr>
 *   <tr><td>a path whose {@code ..} segments climb above the root, raw or percent-encoded</td><td>400</td></tr>
 *   <tr><td>an Expect other than 100-continue</td><td>417</td></tr>
 * </table>
 */
final class RequestHead {

    final String method;
    final String target;
    final int minorVersion;
    final String[] names;
    final String[] values;
    /** The path of the target, still percent-encoded ({@code *} for {@code OPTIONS *}). */
    final String rawPath;
    /** PATH_INFO: the path decoded, without dot segments ({@link WsgiEnviron#decodePath}). */
    final String path;
    /** The query, without the {@code ?}; empty when there is none. */
    final String query;
    /** The Host to use: the absolute-form target's authority, else the Host field; null if none. */
    final String host;
    /** The body length, or -1 when the body is chunked or absent (see {@link #chunked}). */
    final long contentLength;
    final boolean chunked;
    final boolean expectContinue;
    /** Whether the client asked to keep the connection open after this exchange. */
    final boolean keepAlive;

    private RequestHead(String method, String target, int minorVersion, String[] names, String[] values,
            String rawPath, String path, String query, String host, long contentLength, boolean chunked,
            boolean expectContinue, boolean keepAlive) {
        this.method = method;
        this.target = target;
        this.minorVersion = minorVersion;
        this.names = names;
        this.values = values;
        this.rawPath = rawPath;
        this.path = path;
        this.query = query;
        this.host = host;
        this.contentLength = contentLength;
        this.chunked = chunked;
        this.expectContinue = expectContinue;
        this.keepAlive = keepAlive;
    }

    static RequestHead of(String method, String target, int minorVersion, String[] names, String[] values)
            throws HttpError {
        if (method.equals("CONNECT")) {
            throw new HttpError(501, "CONNECT is not supported: this server is not a proxy");
        }
        String authority = null;
        String pathAndQuery;
        if (target.charAt(0) == '/') {
            pathAndQuery = target;
        } else if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw HttpError.badRequest("request-target * is only for OPTIONS");
            }
            pathAndQuery = target;
        } else {
            int schemeEnd = schemeEnd(target);
            if (schemeEnd < 0) {
                throw HttpError.badRequest("request-target is neither origin-form (/path) nor absolute-form (http://host/path)");
            }
            int start = schemeEnd + 3;
            int end = start;
            while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
                end++;
            }
            authority = target.substring(start, end);
            if (authority.isEmpty() || authority.indexOf('@') >= 0 || !validHost(authority)) {
                throw HttpError.badRequest("absolute-form request-target with an invalid authority");
            }
            pathAndQuery = end == target.length() ? "/" : target.charAt(end) == '?' ? "/" + target.substring(end)
                    : target.substring(end);
        }
        int q = pathAndQuery.indexOf('?');
        String rawPath = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        String path;
        try {
            path = WsgiEnviron.decodePath(rawPath);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(WsgiEnviron.PATH_ABOVE_ROOT);
        }

        String host = null;
        int hosts = 0;
        long contentLength = -1;
        boolean sawContentLength = false;
        String transferEncoding = null;
        String expect = null;
        boolean close = false;
        boolean keepAliveToken = false;
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            String value = values[i];
            switch (name.length()) {
                case 4 -> {
                    if (name.equalsIgnoreCase("Host")) {
                        hosts++;
                        host = value;
                    }
                }
                case 6 -> {
                    if (name.equalsIgnoreCase("Expect")) {
                        expect = expect == null ? value : expect + "," + value;
                    }
                }
                case 10 -> {
                    if (name.equalsIgnoreCase("Connection")) {
                        for (String token : value.split(",")) {
                            String t = token.strip();
                            close |= t.equalsIgnoreCase("close");
                            keepAliveToken |= t.equalsIgnoreCase("keep-alive");
                        }
                    }
                }
                case 14 -> {
                    if (name.equalsIgnoreCase("Content-Length")) {
                        for (String element : value.split(",", -1)) {
                            long n = parseLength(element.strip());
                            if (sawContentLength && n != contentLength) {
                                throw HttpError.badRequest("Content-Length values differ");
                            }
                            contentLength = n;
                            sawContentLength = true;
                        }
                    }
                }
                case 17 -> {
                    if (name.equalsIgnoreCase("Transfer-Encoding")) {
                        transferEncoding = transferEncoding == null ? value : transferEncoding + "," + value;
                    }
                }
                default -> {
                    // not a field the server interprets
                }
            }
        }
        if (minorVersion == 1 && hosts == 0) {
            throw HttpError.badRequest("HTTP/1.1 request without a Host header");
        }
        if (hosts > 1) {
            throw HttpError.badRequest("more than one Host header");
        }
        if (host != null && !host.isEmpty() && !validHost(host)) {
            throw HttpError.badRequest("Host header is not host[:port]");
        }
        boolean chunked = false;
        if (transferEncoding != null) {
            if (sawContentLength) {
                throw HttpError.badRequest("both Content-Length and Transfer-Encoding: the body's length is ambiguous");
            }
            if (minorVersion == 0) {
                throw HttpError.badRequest("Transfer-Encoding in an HTTP/1.0 request");
            }
            chunked = checkTransferEncoding(transferEncoding);
        }
        boolean expectContinue = false;
        if (expect != null) {
            if (!expect.strip().equalsIgnoreCase("100-continue")) {
                throw new HttpError(417, "Expect supports only 100-continue");
            }
            expectContinue = minorVersion == 1; // RFC 9110 10.1.1: ignored from an HTTP/1.0 client
        }
        boolean keepAlive = !close && (minorVersion == 1 || keepAliveToken);
        return new RequestHead(method, target, minorVersion, names, values, rawPath, path, query,
                authority != null ? authority : host, contentLength, chunked, expectContinue, keepAlive);
    }

    /** Whether a request body follows the head. */
    boolean hasBody() {
        return chunked || contentLength > 0;
    }

    String protocol() {
        return minorVersion == 1 ? "HTTP/1.1" : "HTTP/1.0";
    }

    /** The first value of header {@code name} (any case), or null. */
    String header(String name) {
        for (int i = 0; i < names.length; i++) {
            // the parser shares the common names' strings, so the usual match is by identity
            if (names[i] == name || names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    private static boolean checkTransferEncoding(String value) throws HttpError {
        String[] codings = value.split(",", -1);
        for (int i = 0; i < codings.length; i++) {
            String coding = codings[i].strip().toLowerCase(Locale.ROOT);
            if (coding.isEmpty()) {
                throw HttpError.badRequest("empty element in Transfer-Encoding");
            }
            boolean last = i == codings.length - 1;
            if (coding.equals("chunked")) {
                if (!last) {
                    throw HttpError.badRequest("chunked applied more than once, or not as the final transfer coding");
                }
            } else if (last) {
                throw HttpError.badRequest("final transfer coding is not chunked: the body's length is unknown");
            } else {
                throw new HttpError(501, "transfer coding not implemented: " + coding);
            }
        }
        return true;
    }

    private static long parseLength(String s) throws HttpError {
        long length = Ascii.parseLength(s);
        if (length < 0) {
            throw HttpError.badRequest("Content-Length is not 1 to 18 plain digits");
        }
        return length;
    }

    /** The index of {@code ://} after an http or https scheme (any case), or -1. */
    private static int schemeEnd(String target) {
        if (target.regionMatches(true, 0, "http://", 0, 7)) {
            return 4;
        }
        if (target.regionMatches(true, 0, "https://", 0, 8)) {
            return 5;
        }
        return -1;
    }

    /**
     * Whether {@code s} is RFC 3986 {@code host [ ":" port ]}: a reg-name or IPv4 address of
     * unreserved, sub-delim and pct-encoded characters, or an IP-literal in brackets.
     */
    static boolean validHost(String s) {
        int i = 0;
        int n = s.length();
        if (n > 0 && s.charAt(0) == '[') {
            int close = s.indexOf(']');
            if (close < 0) {
                return false;
            }
            for (i = 1; i < close; i++) {
                char c = s.charAt(i);
                if (!(isHex(c) || c == ':' || c == '.' || c == 'v' || c == 'V')) {
                    return false;
                }
            }
            i = close + 1;
        } else {
            while (i < n && s.charAt(i) != ':') {
                char c = s.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 0x80 || "-._~!$&'()*+,;=%".indexOf(c) >= 0)) {
                    return false;
                }
                i++;
            }
        }
        if (i == n) {
            return true;
        }
        if (s.charAt(i) != ':') {
            return false;
        }
        for (i++; i < n; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
