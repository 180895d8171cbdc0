package org.jwsgi;

import java.util.Objects;

/**
 * A response status as PEP 3333 writes it: {@code "200 OK"}.
 *
 * <pre>{@code
 * Status s = Status.parse("404 Not Found");   // s.code() == 404, s.reason() == "Not Found"
 * Status.parse("200");                       // IllegalArgumentException: no reason phrase
 * }</pre>
 *
 * @param code 100 to 599
 * @param reason the reason phrase; may be empty, holds no CR, LF or other control character
 */
public record Status(int code, String reason) {

    /** The statuses most responses carry, parsed once rather than per response. */
    private static final java.util.Map<String, Status> COMMON = java.util.Map.of(
            "200 OK", new Status(200, "OK"),
            "201 Created", new Status(201, "Created"),
            "204 No Content", new Status(204, "No Content"),
            "301 Moved Permanently", new Status(301, "Moved Permanently"),
            "302 Found", new Status(302, "Found"),
            "303 See Other", new Status(303, "See Other"),
            "304 Not Modified", new Status(304, "Not Modified"),
            "400 Bad Request", new Status(400, "Bad Request"),
            "404 Not Found", new Status(404, "Not Found"),
            "500 Internal Server Error", new Status(500, "Internal Server Error"));

    public Status {
        Objects.requireNonNull(reason, "reason");
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("status code out of range 100-599: " + code);
        }
        for (int i = 0; i < reason.length(); i++) {
            if (!Syntax.isFieldValueChar(reason.charAt(i))) {
                throw new IllegalArgumentException("status reason has a forbidden character: "
                        + Syntax.quote(reason));
            }
        }
    }

    /**
     * Parses {@code "NNN Reason"}: three digits, one space, a reason phrase (possibly empty).
     *
     * @throws IllegalArgumentException naming the status if it has another shape
     */
    public static Status parse(String status) {
        Objects.requireNonNull(status, "status");
        Status common = COMMON.get(status);
        if (common != null) {
            return common;
        }
        if (status.length() < 4 || status.charAt(3) != ' '
                || !isDigit(status.charAt(0)) || !isDigit(status.charAt(1)) || !isDigit(status.charAt(2))) {
            throw new IllegalArgumentException(
                    "status must be three digits, a space and a reason phrase: " + Syntax.quote(status));
        }
        return new Status(Integer.parseInt(status, 0, 3, 10), status.substring(4));
    }

    /** Whether a response with this status has no body and no framing (1xx, 204, 304). */
    public boolean forbidsBody() {
        return code < 200 || code == 204 || code == 304;
    }


    @Override
    public String toString() {
        return code + " " + reason;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
