package org.jwsgi.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The answer jwsgi itself gives when it refuses a request or an application fails before its
 * headers went out: the same status line and plain-text body on the bundled server and through
 * the servlet bridge.
 *
 * <pre>{@code
 * ErrorPage.reason(413);                       // "Content Too Large"
 * ErrorPage.body(413, "Content-Length 2048 over maxBodyBytes=1024");
 * // "413 Content Too Large\nContent-Length 2048 over maxBodyBytes=1024\n"
 * }</pre>
 */
public final class ErrorPage {

    /** The Content-Type of {@link #body}. */
    public static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    /**
     * The {@code Allow} header every jwsgi server answers {@code OPTIONS *} with, itself and with
     * {@code 200}, before any application (RFC 9110 section 9.3.7: the request is about the server,
     * not a resource): Tomcat's own answer, which no setting changes.
     */
    public static final String ASTERISK_ALLOW = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

    private ErrorPage() {
    }

    /**
     * The reason phrase of jwsgi's own error responses: {@code 413} → {@code "Content Too Large"};
     * a code without one of its own gives {@code "Internal Server Error"} from 500 up, else
     * {@code "Error"}.
     */
    public static String reason(int code) {
        return switch (code) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 417 -> "Expectation Failed";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> code >= 500 ? "Internal Server Error" : "Error";
        };
    }

    /**
     * The body: the status line, then {@code detail} (what the client got wrong, in its own words
     * only) on a line of its own; no detail for a 500, whose cause is for the log alone.
     */
    public static byte[] body(int status, String detail) {
        return (status + " " + reason(status) + "\n" + (detail == null ? "" : detail + "\n"))
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The whole HTTP/1.1 response that carries {@link #body} and ends the connection: status line,
     * {@code Content-Type}, {@code Content-Length}, {@code Connection: close}, {@code Date},
     * {@code Server}, {@link RequestIds#HEADER} when {@code requestId} is not null, then the body
     * (none for a HEAD request), for a server that writes bytes itself.
     */
    public static byte[] response(int status, String detail, boolean head, String serverSoftware, String requestId) {
        byte[] body = body(status, detail);
        byte[] fields = ("HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Content-Type: " + CONTENT_TYPE + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n"
                + "Date: " + HttpDate.now() + "\r\n"
                + "Server: " + serverSoftware + "\r\n"
                + (requestId == null ? "" : RequestIds.HEADER + ": " + requestId + "\r\n")
                + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        if (head) {
            return fields;
        }
        byte[] all = Arrays.copyOf(fields, fields.length + body.length);
        System.arraycopy(body, 0, all, fields.length, body.length);
        return all;
    }
}
