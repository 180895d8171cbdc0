package org.jwsgi.validate;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jwsgi.Header;
import org.jwsgi.Status;
import org.jwsgi.gateway.Ascii;
import org.jwsgi.gateway.FileBody;
import org.jwsgi.gateway.TrackedChannel;

/**
 * What the validator knows of one request: the status and headers the application set, the body
 * bytes seen, whether the headers went out and whether the server closed the body. Every wrapper
 * of the request (start_response, write, body, input, errors) reports here. Synchronized: the
 * server may close the body, or the application read its input, from another thread.
 */
final class CheckedRequest {

    private final Validator validator;
    private final String request;
    private final boolean head;
    private Status status;
    private long contentLength = -1;
    private boolean contentType;
    private boolean started;
    private boolean headersSent;
    private long written;
    private int closes;
    private boolean tracked;
    /** Files made by the environ's wsgi.file_wrapper, with the channel that sees their close. */
    private final Map<FileBody, TrackedChannel> files = new IdentityHashMap<>();

    CheckedRequest(Validator validator, String request, boolean head) {
        this.validator = validator;
        this.request = request;
        this.head = head;
    }

    /**
     * Reports a broken rule to the validator's listener (or the log, when nobody can be thrown
     * at), then throws it unless the validator only reports.
     */
    void violation(Rule rule, String detail) {
        validator.report(new WsgiViolation(rule, detail + " [" + request + "]"), true);
    }

    /** Reports a broken rule where no caller can receive an exception (the Cleaner's thread). */
    void lateViolation(Rule rule, String detail) {
        validator.report(new WsgiViolation(rule, detail + " [" + request + "]"), false);
    }

    synchronized boolean started() {
        return started;
    }

    synchronized boolean headersSent() {
        return headersSent;
    }

    synchronized void headersWentOut() {
        headersSent = true;
    }

    synchronized boolean closed() {
        return closes > 0;
    }

    synchronized Status status() {
        return status;
    }

    boolean head() {
        return head;
    }

    /** start_response was accepted by the server: these are now the response's status and headers. */
    synchronized void started(Status status, List<Header> headers) {
        this.started = true;
        this.status = status;
        this.contentType = Header.first(headers, "Content-Type") != null;
        String length = Header.first(headers, "Content-Length");
        this.contentLength = length == null ? -1 : Ascii.parseLength(length.strip());
    }

    /**
     * Body bytes are about to go out (a chunk or a write): they need start_response, a status that
     * allows a body, a Content-Type, and room under the Content-Length.
     *
     * @param total the body bytes so far including these: the write callable's plus this iterator's
     */
    synchronized void bytesOut(int length, long total) {
        if (length == 0) {
            return;
        }
        if (!started) {
            violation(Rule.START_RESPONSE_NOT_CALLED, "a chunk of " + length + " bytes came before start_response");
            return;
        }
        if (status.forbidsBody()) {
            violation(Rule.BODY_FORBIDDEN, length + " body bytes with status " + quote(status.toString()));
        }
        if (!contentType) {
            contentType = true; // once per response is enough
            violation(Rule.CONTENT_TYPE_MISSING, length + " body bytes with status " + quote(status.toString())
                    + " and no Content-Type");
        }
        if (measured() && total > contentLength) {
            violation(Rule.CONTENT_LENGTH_MISMATCH, "the body holds at least " + total
                    + " bytes, more than its Content-Length " + contentLength);
        }
    }

    /** The body ended (its iterator said no more): start_response must have come, the length be whole. */
    synchronized void bodyEnded(long iterated) {
        if (!started) {
            violation(Rule.START_RESPONSE_NOT_CALLED, "the body ended and start_response was never called");
            return;
        }
        long total = written + iterated;
        if (measured() && total < contentLength) {
            violation(Rule.CONTENT_LENGTH_MISMATCH, "the body ended after " + total
                    + " bytes, short of its Content-Length " + contentLength);
        }
    }

    /** Whether the Content-Length must match the bytes: set, not HEAD, a status with a body. */
    private boolean measured() {
        return contentLength >= 0 && !head && !status.forbidsBody();
    }

    /** The write callable's bytes count towards the Content-Length of every later iteration. */
    synchronized long written() {
        return written;
    }

    synchronized void wrote(int length) {
        written += length;
    }

    /** The body is one the validator sees closed: close() (or the file's channel) tells it. */
    void track() {
        synchronized (this) {
            tracked = true;
        }
        validator.opened(this);
    }

    /** The server closed the body (or its file): the first time ends the exchange. */
    void closing() {
        int n;
        synchronized (this) {
            n = ++closes;
        }
        if (n == 1) {
            validator.closed(this);
        } else {
            violation(Rule.CLOSE_TWICE, "close() called " + n + " times");
        }
    }

    /** The Cleaner saw the body unreachable: without close() by now, the server never will. */
    void collected() {
        boolean unclosed;
        synchronized (this) {
            unclosed = tracked && closes == 0;
        }
        if (unclosed && validator.forget(this)) {
            lateViolation(Rule.CLOSE_NOT_CALLED, "the body was garbage-collected without close()");
        }
    }

    synchronized void fileMade(FileBody file, TrackedChannel channel) {
        files.put(file, channel);
    }

    /** The channel behind {@code file} if the environ's wrapper made it, else null. */
    synchronized TrackedChannel channelOf(FileBody file) {
        return files.get(file);
    }

    @Override
    public String toString() {
        return request;
    }

    /** Quotes a value for a message, escaping control characters and what is above U+00FF. */
    static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < Math.min(s.length(), 200); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F || c > 0xFF) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(s.length() > 200 ? "...\"" : "\"").toString();
    }
}
