package org.jwsgi;


/**
 * The environ keys of PEP 3333 and the extensions jwsgi fills; see docs/environ.md for the table
 * of types and how each backend fills them.
 *
 * <pre>{@code
 * String path = (String) environ.get(Environ.PATH_INFO);
 * InputStream body = (InputStream) environ.get(Environ.WSGI_INPUT);
 * }</pre>
 */
public final class Environ {

    public static final String REQUEST_METHOD = "REQUEST_METHOD";
    public static final String SCRIPT_NAME = "SCRIPT_NAME";
    public static final String PATH_INFO = "PATH_INFO";
    public static final String QUERY_STRING = "QUERY_STRING";
    public static final String CONTENT_TYPE = "CONTENT_TYPE";
    public static final String CONTENT_LENGTH = "CONTENT_LENGTH";
    public static final String SERVER_NAME = "SERVER_NAME";
    public static final String SERVER_PORT = "SERVER_PORT";
    public static final String SERVER_PROTOCOL = "SERVER_PROTOCOL";
    public static final String SERVER_SOFTWARE = "SERVER_SOFTWARE";
    public static final String REMOTE_ADDR = "REMOTE_ADDR";
    public static final String REMOTE_PORT = "REMOTE_PORT";
    /** The raw request-target, as gunicorn's {@code RAW_URI} and waitress's {@code REQUEST_URI}. */
    public static final String REQUEST_URI = "REQUEST_URI";
    public static final String HTTP_HOST = "HTTP_HOST";

    /** {@code List<Integer>} {@code [1, 0]}. */
    public static final String WSGI_VERSION = "wsgi.version";
    /** {@code "http"} or {@code "https"}. */
    public static final String WSGI_URL_SCHEME = "wsgi.url_scheme";
    /** {@link java.io.InputStream} that ends exactly at the end of the request body. */
    public static final String WSGI_INPUT = "wsgi.input";
    /** {@link java.io.PrintWriter} whose lines go to the server's log. */
    public static final String WSGI_ERRORS = "wsgi.errors";
    public static final String WSGI_MULTITHREAD = "wsgi.multithread";
    public static final String WSGI_MULTIPROCESS = "wsgi.multiprocess";
    public static final String WSGI_RUN_ONCE = "wsgi.run_once";
    /** A {@link FileWrapper}. */
    public static final String WSGI_FILE_WRAPPER = "wsgi.file_wrapper";
    /** {@code Boolean.TRUE}: {@code wsgi.input} returns end-of-stream at the end of the body. */
    public static final String WSGI_INPUT_TERMINATED = "wsgi.input_terminated";

    /** {@code "on"} when the request came over TLS; absent otherwise (CGI's, mod_ssl's and wsgiref's key). */
    public static final String HTTPS = "HTTPS";
    /** Over TLS: the protocol, {@code TLSv1.3} or {@code TLSv1.2} (mod_ssl's name). */
    public static final String SSL_PROTOCOL = "SSL_PROTOCOL";
    /** Over TLS: the cipher suite, its IANA name ({@code TLS_AES_128_GCM_SHA256}). */
    public static final String SSL_CIPHER = "SSL_CIPHER";
    /** Over TLS: {@code SUCCESS} when the client sent a certificate that was verified, else {@code NONE}. */
    public static final String SSL_CLIENT_VERIFY = "SSL_CLIENT_VERIFY";
    /** The verified client certificate, PEM-encoded; absent without one. */
    public static final String SSL_CLIENT_CERT = "SSL_CLIENT_CERT";
    /** The client certificate's subject, RFC 2253 ({@code CN=alice,O=Example}); absent without one. */
    public static final String SSL_CLIENT_S_DN = "SSL_CLIENT_S_DN";
    /** The client certificate's issuer, RFC 2253; absent without one. */
    public static final String SSL_CLIENT_I_DN = "SSL_CLIENT_I_DN";
    /** The client certificate's serial number, upper-case hexadecimal; absent without one. */
    public static final String SSL_CLIENT_M_SERIAL = "SSL_CLIENT_M_SERIAL";
    /**
     * jwsgi: the request's id ({@code String}), when it has one: an acceptable incoming
     * {@code X-Request-Id}, or one the server generated ({@code ServerOptions.requestId}).
     * {@code HTTP_X_REQUEST_ID} stays as the client sent it.
     */
    public static final String JWSGI_REQUEST_ID = "jwsgi.request_id";
    /**
     * jwsgi: set by the application to the route it matched, a template such as
     * {@code /users/{id}} (never the raw path, which has no bound): metrics tag the request with
     * it ({@code uri}), the access log and the JFR event carry it. {@code Dispatcher} sets its mount.
     */
    public static final String JWSGI_ROUTE = "jwsgi.route";

    /** The prefix of request header keys: {@code User-Agent} becomes {@code HTTP_USER_AGENT}. */
    public static final String HTTP_PREFIX = "HTTP_";

    private Environ() {
    }
}
