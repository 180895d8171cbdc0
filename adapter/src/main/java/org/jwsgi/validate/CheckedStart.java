package org.jwsgi.validate;

import static org.jwsgi.validate.CheckedRequest.quote;

import java.io.IOException;
import java.util.List;
import org.jwsgi.Header;
import org.jwsgi.StartResponse;
import org.jwsgi.Status;
import org.jwsgi.Write;
import org.jwsgi.gateway.Ascii;

/**
 * {@code start_response} and the write callable as the validator hands them to the application:
 * wsgiref's {@code start_response_wrapper} and {@code WriteWrapper}, plus the {@code exc_info}
 * rules wsgiref leaves out.
 */
final class CheckedStart implements StartResponse {

    private final StartResponse server;
    private final CheckedRequest ex;

    CheckedStart(StartResponse server, CheckedRequest ex) {
        this.server = server;
        this.ex = ex;
    }

    @Override
    public Write start(String status, List<Header> headers, Throwable excInfo) {
        if (excInfo == null && ex.started()) {
            ex.violation(Rule.START_RESPONSE_TWICE, "start_response(" + quote(status) + ") again without exc_info");
        }
        Status parsed = status(status);
        headers(headers, parsed);
        boolean sent = ex.headersSent();
        Write write;
        try {
            write = server.start(status, headers, excInfo);
        } catch (Throwable t) {
            if (excInfo != null && sent && t != excInfo) {
                ex.violation(Rule.EXC_INFO_NOT_RERAISED, "start_response threw " + quote(t)
                        + " instead of the exc_info " + quote(excInfo));
            }
            throw CheckedStart.<RuntimeException>sneaky(t);
        }
        if (excInfo != null && sent) {
            ex.violation(Rule.EXC_INFO_NOT_RERAISED, "start_response returned after the headers went out,"
                    + " instead of rethrowing " + quote(excInfo));
        }
        if (parsed != null && headers != null) {
            ex.started(parsed, headers);
        }
        return data -> write(write, data);
    }

    private void write(Write write, byte[] data) throws IOException {
        if (ex.closed()) {
            ex.violation(Rule.WRITE_OUTSIDE_RESPONSE, "write() of " + (data == null ? "null" : data.length + " bytes")
                    + " after the body was closed");
        }
        if (data == null) {
            ex.violation(Rule.WRITE_NULL, "write(null)");
        } else {
            ex.bytesOut(data.length, ex.written() + data.length);
            ex.wrote(data.length);
        }
        write.write(data);
        if (data != null && data.length > 0) {
            ex.headersWentOut(); // write() sends at once, headers first
        }
    }

    /** @return the parsed status, or null if it is malformed (reported) */
    private Status status(String status) {
        Status parsed;
        try {
            parsed = Status.parse(status);
        } catch (IllegalArgumentException | NullPointerException e) {
            ex.violation(Rule.STATUS_FORMAT, "status " + quote(status));
            return null;
        }
        if (parsed.code() < 200) {
            ex.violation(Rule.STATUS_INFORMATIONAL, "status " + quote(status));
        }
        return parsed;
    }

    private void headers(List<Header> headers, Status status) {
        if (headers == null) {
            ex.violation(Rule.HEADERS_TYPE, "headers is null");
            return;
        }
        int lengths = 0;
        for (Object item : (List<?>) headers) {
            if (!(item instanceof Header h)) {
                ex.violation(Rule.HEADERS_TYPE, "a header is " + (item == null ? "null" : quote(item) + " ("
                        + item.getClass().getName() + ")"));
                continue;
            }
            checkName(h.name(), ex);
            checkValue(h.name(), h.value(), ex);
            if (h.is("Status")) {
                ex.violation(Rule.HEADER_STATUS, "header " + quote(h.name()) + ": " + quote(h.value()));
            }
            if (h.isHopByHop()) {
                ex.violation(Rule.HEADER_HOP_BY_HOP, "header " + quote(h.name()));
            }
            if (h.is("Content-Length")) {
                lengths++;
                if (lengths > 1) {
                    ex.violation(Rule.HEADER_CONTENT_LENGTH, "Content-Length set twice, the second "
                            + quote(h.value()));
                } else if (Ascii.parseLength(h.value().strip()) < 0) {
                    ex.violation(Rule.HEADER_CONTENT_LENGTH, "Content-Length " + quote(h.value()));
                }
            }
            if (h.is("Content-Type") && status != null && (status.code() == 204 || status.code() == 304)) {
                ex.violation(Rule.CONTENT_TYPE_WITHOUT_BODY, "Content-Type " + quote(h.value()) + " on "
                        + quote(status.toString()));
            }
        }
    }

    /** wsgiref's {@code header_re} and its rule on a trailing '-' or '_'. */
    static void checkName(String name, CheckedRequest ex) {
        boolean ok = name != null && !name.isEmpty() && isLetter(name.charAt(0))
                && name.charAt(name.length() - 1) != '-' && name.charAt(name.length() - 1) != '_';
        for (int i = 1; ok && i < name.length(); i++) {
            char c = name.charAt(i);
            ok = isLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }
        if (!ok) {
            ex.violation(Rule.HEADER_NAME, "header name " + quote(name));
        }
    }

    /**
     * Header's constructor refuses these already, so no application reaches this; it stays as
     * the validator's own guard, should Header's rules ever loosen.
     */
    static void checkValue(String name, String value, CheckedRequest ex) {
        if (value == null) {
            ex.violation(Rule.HEADER_VALUE, "header " + quote(name) + " has a null value");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
                ex.violation(Rule.HEADER_VALUE, "header " + quote(name) + " has " + String.format("U+%04X", (int) c)
                        + " in " + quote(value));
                return;
            }
        }
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable t) throws T {
        throw (T) t; // the server's own exception, exc_info included, as it is
    }
}
