package org.jwsgi.validate;

/**
 * One rule of the WSGI contract that {@link Validator} checks, with the side that breaks it when
 * it fails and a one-line description. The list is the validator's documentation: its class
 * Javadoc and docs/validator.md name every constant (a test keeps them in step).
 *
 * <pre>{@code
 * catch (WsgiViolation v) {
 *     if (v.rule() == Rule.CONTENT_LENGTH_MISMATCH) { ... }
 * }
 * }</pre>
 */
public enum Rule {

    // the environ the server built (checked before the application runs)
    ENVIRON_MAP(Side.SERVER, "the environ is a non-null, mutable Map"),
    ENVIRON_REQUIRED_KEY(Side.SERVER, "the environ holds REQUEST_METHOD, SCRIPT_NAME, PATH_INFO, QUERY_STRING,"
            + " SERVER_NAME, SERVER_PORT, SERVER_PROTOCOL and every required wsgi.* key"),
    ENVIRON_TYPE(Side.SERVER, "CGI keys hold Strings; wsgi.version is [1, 0], wsgi.input an InputStream,"
            + " wsgi.errors a PrintWriter, the wsgi flags Booleans, wsgi.file_wrapper a FileWrapper"),
    ENVIRON_NATIVE_STRING(Side.SERVER, "every String in the environ is a native string (chars U+0000-U+00FF)"),
    ENVIRON_HTTP_CONTENT_HEADER(Side.SERVER, "HTTP_CONTENT_TYPE and HTTP_CONTENT_LENGTH are absent:"
            + " those headers are CONTENT_TYPE and CONTENT_LENGTH"),
    ENVIRON_CONTENT_LENGTH(Side.SERVER, "CONTENT_LENGTH, when present and not empty, is plain digits"),
    ENVIRON_SERVER_PORT(Side.SERVER, "SERVER_PORT is plain digits"),
    ENVIRON_PATH(Side.SERVER, "SCRIPT_NAME and PATH_INFO are empty or start with \"/\""
            + " (PATH_INFO \"*\" for OPTIONS *)"),
    ENVIRON_SCRIPT_NAME_SLASH(Side.SERVER, "SCRIPT_NAME is not \"/\": the root is \"\" with PATH_INFO \"/\""),
    ENVIRON_METHOD(Side.SERVER, "REQUEST_METHOD is an RFC 9110 token"),
    ENVIRON_URL_SCHEME(Side.SERVER, "wsgi.url_scheme is \"http\" or \"https\""),

    // wsgi.input and wsgi.errors
    INPUT_CLOSED(Side.APPLICATION, "the application does not close wsgi.input: the server owns it"),
    INPUT_ARGUMENTS(Side.APPLICATION, "wsgi.input reads get a non-null buffer, an offset and length inside it,"
            + " and no negative length"),
    INPUT_PAST_CONTENT_LENGTH(Side.APPLICATION, "without wsgi.input_terminated, the application reads no further"
            + " than CONTENT_LENGTH (a read past it may block forever)"),
    INPUT_STREAM(Side.SERVER, "wsgi.input keeps InputStream's contract and gives exactly CONTENT_LENGTH bytes:"
            + " no more, and not fewer without an IOException"),
    ERRORS_CLOSED(Side.APPLICATION, "the application does not close wsgi.errors: the server owns it"),

    // start_response
    STATUS_FORMAT(Side.APPLICATION, "the status is \"NNN Reason\": three digits 100-599, one space, a reason"
            + " phrase of visible characters (empty allowed, as RFC 9112 and wsgiref allow)"),
    STATUS_INFORMATIONAL(Side.APPLICATION, "the status is final (200 or above): a 1xx cannot be the response"),
    HEADERS_TYPE(Side.APPLICATION, "the headers are a non-null List of non-null Header"),
    HEADER_NAME(Side.APPLICATION, "a header name is a letter then letters, digits, '-' or '_', not ending in"
            + " '-' or '_' (as wsgiref)"),
    HEADER_VALUE(Side.APPLICATION, "a header value holds no CR, LF or other control character (HTAB aside)"
            + " and nothing above U+00FF"),
    HEADER_STATUS(Side.APPLICATION, "no header is named Status: the status is start_response's first argument"),
    HEADER_HOP_BY_HOP(Side.APPLICATION, "no hop-by-hop header (Connection, Transfer-Encoding, ...):"
            + " framing is the server's job"),
    HEADER_CONTENT_LENGTH(Side.APPLICATION, "Content-Length, if set, is set once, as plain digits"),
    CONTENT_TYPE_WITHOUT_BODY(Side.APPLICATION, "a 204 or 304 response has no Content-Type (as wsgiref)"),
    START_RESPONSE_TWICE(Side.APPLICATION, "start_response is called once, unless again with exc_info"),
    EXC_INFO_NOT_RERAISED(Side.SERVER, "start_response with exc_info after the headers went out rethrows"
            + " that exc_info"),

    // the legacy write callable
    WRITE_NULL(Side.APPLICATION, "the write callable is given a byte[], not null"),
    WRITE_OUTSIDE_RESPONSE(Side.APPLICATION, "the write callable is not used once the body was closed"),

    // the body
    BODY_NULL(Side.APPLICATION, "the application returns a body, not null (an empty List if nothing)"),
    BODY_CHUNK_TYPE(Side.APPLICATION, "the body yields non-null byte[] chunks (not a String slipped past"
            + " generics)"),
    START_RESPONSE_NOT_CALLED(Side.APPLICATION, "start_response is called before the body's first non-empty"
            + " chunk, and at the latest by the body's end"),
    BODY_FORBIDDEN(Side.APPLICATION, "a 1xx, 204 or 304 response sends no body bytes"),
    CONTENT_TYPE_MISSING(Side.APPLICATION, "a response that sends body bytes has a Content-Type"),
    CONTENT_LENGTH_MISMATCH(Side.APPLICATION, "the body holds exactly the bytes its Content-Length says:"
            + " not more, not fewer (HEAD exempt)"),
    BODY_USED_AFTER_CLOSE(Side.SERVER, "the server does not iterate the body after closing it"),
    BODY_ITERATED_TWICE(Side.SERVER, "the server iterates a streaming body (not a Collection) once"),
    CLOSE_NOT_CALLED(Side.SERVER, "the server calls the body's close() when the response is done"),
    CLOSE_TWICE(Side.SERVER, "the server calls the body's close() exactly once");

    /** Who broke the contract. */
    public enum Side {
        APPLICATION("application"),
        SERVER("server");

        private final String label;

        Side(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final Side side;
    private final String description;

    Rule(Side side, String description) {
        this.side = side;
        this.description = description;
    }

    /** The side at fault when this rule is broken. */
    public Side side() {
        return side;
    }

    /** What the rule asks, in one line. */
    public String description() {
        return description;
    }
}
