package org.jwsgi.validate;

import java.lang.ref.Cleaner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jwsgi.Application;
import org.jwsgi.Environ;

/**
 * {@code wsgiref.validate} in Java: a middleware that checks both sides of the WSGI contract on
 * every request, the application's and the server's, and throws a {@link WsgiViolation} naming
 * the {@link Rule} broken, the side at fault and the offending value.
 *
 * <pre>{@code
 * Application checked = Validator.defaults().wrap(new MyApp());          // throws on the first violation
 * TestResponse r = TestClient.of(checked).get("/");
 *
 * List<WsgiViolation> seen = new CopyOnWriteArrayList<>();     // in a suite: collect, then assert
 * Validator validator = Validator.create(seen::add);
 * Application served = validator.wrap(new MyApp());
 * ...
 * validator.awaitClosed(Duration.ofSeconds(5));                // CLOSE_NOT_CALLED for bodies left open
 * assertThat(seen).isEmpty();
 * }</pre>
 *
 * <p>The rules, one {@link Rule} constant each ({@code S} the server's side, {@code A} the
 * application's):
 * <ul>
 *   <li>{@code ENVIRON_MAP} (S): the environ is a non-null, mutable Map</li>
 *   <li>{@code ENVIRON_REQUIRED_KEY} (S): REQUEST_METHOD, SCRIPT_NAME, PATH_INFO, QUERY_STRING, SERVER_NAME,
 *       SERVER_PORT, SERVER_PROTOCOL, wsgi.version, wsgi.url_scheme, wsgi.input, wsgi.errors,
 *       wsgi.multithread, wsgi.multiprocess and wsgi.run_once are present</li>
 *   <li>{@code ENVIRON_TYPE} (S): CGI keys (no dot) hold Strings; wsgi.version is [1, 0]; wsgi.input an
 *       InputStream; wsgi.errors a PrintWriter; the wsgi flags Booleans; wsgi.file_wrapper a FileWrapper</li>
 *   <li>{@code ENVIRON_NATIVE_STRING} (S): every String is a native string (chars up to U+00FF)</li>
 *   <li>{@code ENVIRON_HTTP_CONTENT_HEADER} (S): no HTTP_CONTENT_TYPE or HTTP_CONTENT_LENGTH</li>
 *   <li>{@code ENVIRON_CONTENT_LENGTH} (S): CONTENT_LENGTH, if present and not empty, is digits</li>
 *   <li>{@code ENVIRON_SERVER_PORT} (S): SERVER_PORT is digits</li>
 *   <li>{@code ENVIRON_PATH} (S): SCRIPT_NAME and PATH_INFO are empty or start with "/"
 *       (PATH_INFO "*" for OPTIONS *)</li>
 *   <li>{@code ENVIRON_SCRIPT_NAME_SLASH} (S): SCRIPT_NAME is not "/"</li>
 *   <li>{@code ENVIRON_METHOD} (S): REQUEST_METHOD is a token</li>
 *   <li>{@code ENVIRON_URL_SCHEME} (S): wsgi.url_scheme is http or https</li>
 *   <li>{@code INPUT_CLOSED} (A): wsgi.input is not closed by the application</li>
 *   <li>{@code INPUT_ARGUMENTS} (A): reads get a buffer, an offset and length inside it, no negative length</li>
 *   <li>{@code INPUT_PAST_CONTENT_LENGTH} (A): without wsgi.input_terminated, no read past CONTENT_LENGTH</li>
 *   <li>{@code INPUT_STREAM} (S): wsgi.input keeps InputStream's contract and ends exactly at
 *       CONTENT_LENGTH (earlier only with an IOException)</li>
 *   <li>{@code ERRORS_CLOSED} (A): wsgi.errors is not closed by the application</li>
 *   <li>{@code STATUS_FORMAT} (A): "NNN Reason", three digits 100-599, a space, a reason (may be empty)</li>
 *   <li>{@code STATUS_INFORMATIONAL} (A): the status is final, not 1xx</li>
 *   <li>{@code HEADERS_TYPE} (A): the headers are a non-null List of non-null Header</li>
 *   <li>{@code HEADER_NAME} (A): a letter, then letters, digits, '-', '_'; not ending in '-' or '_'</li>
 *   <li>{@code HEADER_VALUE} (A): no CR, LF or other control character but HTAB, nothing above U+00FF</li>
 *   <li>{@code HEADER_STATUS} (A): no header named Status</li>
 *   <li>{@code HEADER_HOP_BY_HOP} (A): no Connection, Transfer-Encoding or other hop-by-hop header</li>
 *   <li>{@code HEADER_CONTENT_LENGTH} (A): Content-Length set at most once, as digits</li>
 *   <li>{@code CONTENT_TYPE_WITHOUT_BODY} (A): no Content-Type on a 204 or 304</li>
 *   <li>{@code START_RESPONSE_TWICE} (A): start_response once, unless again with exc_info</li>
 *   <li>{@code EXC_INFO_NOT_RERAISED} (S): start_response with exc_info after the headers went out
 *       rethrows that exc_info</li>
 *   <li>{@code WRITE_NULL} (A): the write callable gets a byte[], not null</li>
 *   <li>{@code WRITE_OUTSIDE_RESPONSE} (A): the write callable is not used after the body was closed</li>
 *   <li>{@code BODY_NULL} (A): the application returns a body, not null</li>
 *   <li>{@code BODY_CHUNK_TYPE} (A): the body yields non-null byte[] chunks</li>
 *   <li>{@code START_RESPONSE_NOT_CALLED} (A): start_response comes before the first non-empty chunk,
 *       at the latest by the body's end</li>
 *   <li>{@code BODY_FORBIDDEN} (A): no body bytes with 1xx, 204 or 304</li>
 *   <li>{@code CONTENT_TYPE_MISSING} (A): body bytes come with a Content-Type</li>
 *   <li>{@code CONTENT_LENGTH_MISMATCH} (A): the body holds exactly Content-Length bytes (HEAD exempt)</li>
 *   <li>{@code BODY_USED_AFTER_CLOSE} (S): no hasNext()/next() after close()</li>
 *   <li>{@code BODY_ITERATED_TWICE} (S): a streaming (non-Collection) body is iterated once</li>
 *   <li>{@code CLOSE_NOT_CALLED} (S): the body is closed when the response is done</li>
 *   <li>{@code CLOSE_TWICE} (S): the body is closed exactly once</li>
 * </ul>
 *
 * <p>Transparent to the server: an in-memory body stays a {@code Collection} and a
 * {@code wsgi.file_wrapper} body stays a {@code FileBody}, so framing and sendfile are unchanged.
 * Every wrapped body is {@code AutoCloseable}, so the server must close every one.
 * {@code CLOSE_NOT_CALLED} cannot be thrown at anybody: {@link #awaitClosed} reports the bodies
 * still open, and a {@link Cleaner} reports one garbage-collected unclosed.
 */
public final class Validator {

    private static final System.Logger LOG = System.getLogger("org.jwsgi.validate");
    static final Cleaner CLEANER = Cleaner.create();

    private final Consumer<? super WsgiViolation> listener;
    private final boolean throwing;
    /** CheckedBody returned and not yet closed; shared with {@link #reportOnly()}'s twin. */
    private final Set<CheckedRequest> open;

    private Validator(Consumer<? super WsgiViolation> listener, boolean throwing, Set<CheckedRequest> open) {
        this.listener = listener;
        this.throwing = throwing;
        this.open = open;
    }

    /**
     * The validator of {@link #wrap}: a violation is thrown where it is found (to the server when
     * the server broke the rule); the few that cannot be thrown are logged (logger
     * {@code org.jwsgi.validate}).
     */
    public static Validator defaults() {
        return new Validator(null, true, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** A validator that hands every violation to {@code listener}, then throws it where it can. */
    public static Validator create(Consumer<? super WsgiViolation> listener) {
        return new Validator(Objects.requireNonNull(listener, "listener"), true,
                Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /**
     * A twin that only reports, never throws: what it wraps runs as if unwrapped, so the server's own
     * handling of a broken application is what runs (a test of that handling stays a test of it).
     * Shares this validator's listener and its open bodies.
     */
    public Validator reportOnly() {
        return new Validator(listener, false, open);
    }

    /** {@code app}, checked by this validator on every request: {@code wsgiref.validate.validator(app)}. */
    public Application wrap(Application app) {
        Objects.requireNonNull(app, "app");
        return (environ, startResponse) -> {
            CheckedRequest request = new CheckedRequest(this, describe(environ), environ != null
                    && "HEAD".equals(environ.get(Environ.REQUEST_METHOD)));
            if (EnvironChecks.check(environ, request)) {
                Streams.wrap(environ, request);
            }
            Iterable<byte[]> body = app.call(environ, new CheckedStart(startResponse, request));
            return CheckedBody.wrap(body, request);
        };
    }

    /**
     * Waits until every body this validator handed out has been closed, for at most
     * {@code timeout}; each one still open then is reported as {@code CLOSE_NOT_CALLED} (and thrown,
     * the first one, unless this validator only reports). Call it once the responses are done,
     * e.g. after each test.
     */
    public void awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CheckedRequest> left;
        synchronized (open) {
            for (long wait; !open.isEmpty() && (wait = deadline - System.nanoTime()) > 0; ) {
                try {
                    open.wait(Math.max(1, wait / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            left = new ArrayList<>(open);
            open.clear();
        }
        List<WsgiViolation> found = new ArrayList<>();
        for (CheckedRequest e : left) {
            WsgiViolation v = new WsgiViolation(Rule.CLOSE_NOT_CALLED, "the body was not closed within "
                    + timeout + " after it was returned [" + e + "]");
            report(v, false);
            found.add(v);
        }
        if (throwing && !found.isEmpty()) {
            throw found.get(0);
        }
    }

    void report(WsgiViolation violation, boolean mayThrow) {
        if (listener != null) {
            listener.accept(violation);
        } else if (!mayThrow || !throwing) {
            LOG.log(System.Logger.Level.ERROR, violation.getMessage());
        }
        if (mayThrow && throwing) {
            throw violation;
        }
    }

    void opened(CheckedRequest exchange) {
        synchronized (open) {
            open.add(exchange);
        }
    }

    void closed(CheckedRequest exchange) {
        synchronized (open) {
            open.remove(exchange);
            open.notifyAll();
        }
    }

    /** Drops an exchange the Cleaner found unclosed; false if it was already reported. */
    boolean forget(CheckedRequest exchange) {
        synchronized (open) {
            boolean was = open.remove(exchange);
            open.notifyAll();
            return was;
        }
    }

    private static String describe(Map<String, Object> environ) {
        if (environ == null) {
            return "no environ";
        }
        Object uri = environ.get(Environ.REQUEST_URI);
        if (uri == null) {
            uri = String.valueOf(environ.get(Environ.SCRIPT_NAME)) + environ.get(Environ.PATH_INFO);
        }
        return environ.get(Environ.REQUEST_METHOD) + " " + uri;
    }
}
