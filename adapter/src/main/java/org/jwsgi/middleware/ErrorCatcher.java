package org.jwsgi.middleware;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.Write;
import org.jwsgi.gateway.FileBody;
import org.jwsgi.util.ClientError;
import org.jwsgi.util.Uris;

/**
 * Turns an application's failure into a {@code 500} page: an exception thrown by
 * {@link Application#call}, or by the body while it is iterated, up to the first non-empty chunk
 * (or {@code write()}). The page is HTML when the request's {@code Accept} names
 * {@code text/html}, else plain text; it names the exception and its stack trace only in debug
 * mode (HTML-escaped), never in production. The failure is logged once, at ERROR, with the
 * stack trace (logger {@code org.jwsgi.middleware.ErrorCatcher}, or the one given); the status goes
 * through {@code start_response} with {@code exc_info}, so headers the application had set are
 * replaced.
 *
 * <pre>{@code
 * Application app = ErrorCatcher.defaults().wrap(site);                      // production
 * Application dev = ErrorCatcher.defaults().withDebug(true).wrap(site);     // traces in the page
 * }</pre>
 *
 * <p>After the first chunk went out nothing can change the response: the exception is rethrown,
 * not logged here, and the server logs it and aborts the connection, so the truncated response
 * never looks complete. {@link Error}s ({@code OutOfMemoryError}...) are not caught. An
 * in-memory ({@code Collection}) or file body is passed through as it is: it holds nothing left
 * to fail lazily, and servers send it with a known length (a file with {@code sendfile}).
 *
 * <p>A {@link ClientError} (what {@code Form}, {@code Multipart} and {@code MultipartReader}
 * throw for a malformed or oversized request) is the client's fault, not a failure: it is
 * answered with its own status (400, 413, 415) and message, and logged only at DEBUG.
 */
public final class ErrorCatcher {

    private final boolean debug;
    private final System.Logger logger;

    private ErrorCatcher(boolean debug, System.Logger logger) {
        this.debug = debug;
        this.logger = logger;
    }

    /** No details in the page; logger {@code org.jwsgi.middleware.ErrorCatcher}. */
    public static ErrorCatcher defaults() {
        return new ErrorCatcher(false, System.getLogger(ErrorCatcher.class.getName()));
    }

    /** Whether the page shows the exception and its stack trace: for development only. */
    public ErrorCatcher withDebug(boolean debug) {
        return new ErrorCatcher(debug, logger);
    }

    /** Where failures are logged. */
    public ErrorCatcher withLogger(System.Logger logger) {
        return new ErrorCatcher(debug, Objects.requireNonNull(logger, "logger"));
    }

    /** {@code next}, its failures before the first body byte answered with a 500 page. */
    public Application wrap(Application next) {
        Objects.requireNonNull(next, "next");
        return (environ, startResponse) -> {
            boolean[] sent = {false};
            StartResponse tracking = (status, headers, excInfo) -> {
                Write write = startResponse.start(status, headers, excInfo);
                return data -> {
                    sent[0] |= data.length > 0; // from here the headers may be on the wire
                    write.write(data);
                };
            };
            Iterable<byte[]> body;
            try {
                body = next.call(environ, tracking);
            } catch (Exception e) {
                if (sent[0]) {
                    throw e;
                }
                return page(environ, startResponse, e);
            }
            if (body instanceof Collection<?> || body instanceof FileBody) {
                return body;
            }
            return new ErrorCatcherBody(body, sent, e -> page(environ, startResponse, e));
        };
    }

    /** Replaces the response with the 500 page, then logs (if start_response rethrew, the server logs instead). */
    private List<byte[]> page(Map<String, Object> environ, StartResponse startResponse, Exception e) {
        if (e instanceof ClientError client) {
            // the request's fault (a malformed form, an upload over its limit): its own status and
            // message, as ClientError.respond gives them; nothing for the error log
            byte[] body = (client.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            startResponse.start(client.status(), List.of(new Header("Content-Type", "text/plain; charset=utf-8"),
                    new Header("Content-Length", Integer.toString(body.length))), e);
            logger.log(System.Logger.Level.DEBUG, () -> environ.get(Environ.REQUEST_METHOD) + " "
                    + Uris.requestPath(environ) + ": " + client.status() + ": " + client.getMessage());
            return List.of(body);
        }
        Object accept = environ.get("HTTP_ACCEPT");
        boolean html = accept != null && accept.toString().contains("text/html");
        String trace = debug ? stackTrace(e) : null;
        String text = html ? "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head><body>\n"
                + "<h1>Internal Server Error</h1>\n<p>The server could not answer this request.</p>\n"
                + (trace == null ? "" : "<pre>" + escape(trace) + "</pre>\n") + "</body></html>\n"
                : "500 Internal Server Error\n" + (trace == null ? "" : "\n" + trace);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        startResponse.start("500 Internal Server Error", List.of(
                new Header("Content-Type", (html ? "text/html" : "text/plain") + "; charset=utf-8"),
                new Header("Content-Length", Integer.toString(bytes.length)),
                new Header("Cache-Control", "no-store")), e);
        logger.log(System.Logger.Level.ERROR, environ.get(Environ.REQUEST_METHOD) + " " + Uris.requestPath(environ)
                + ": the application failed; answered 500", e);
        return List.of(bytes);
    }

    private static String stackTrace(Throwable t) {
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s));
        return s.toString();
    }

    /** HTML text escaping: exception messages often hold what the request sent. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
