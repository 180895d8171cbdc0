package org.jwsgi.gateway;

import java.util.concurrent.ThreadLocalRandom;
import org.jwsgi.Environ;

/**
 * The request id every backend gives a request: the client's (or the proxy's)
 * {@code X-Request-Id} when it is acceptable, else a generated one when the server is asked to
 * ({@code ServerOptions.requestId}), else none. It goes into the environ as
 * {@value #ENVIRON_KEY} ({@code HTTP_X_REQUEST_ID} stays as sent), into the access log and the JFR
 * event, and back to the client in the response's {@value #HEADER} unless the application set one.
 *
 * <pre>{@code
 * String id = RequestIds.choose(request.getHeader("X-Request-Id"), options.requestId()); // null: none
 * }</pre>
 *
 * An incoming id is acceptable when it has 1 to {@value #MAX_LENGTH} characters, all visible
 * ASCII ({@code !} to {@code ~}): enough for a UUID, a W3C trace id or Heroku's ids, and nothing
 * that could break a log line or a header.
 */
public final class RequestIds {

    /** The header that carries the id, both ways. */
    public static final String HEADER = "X-Request-Id";
    /** The environ key of the chosen id (a {@code String}). */
    public static final String ENVIRON_KEY = Environ.JWSGI_REQUEST_ID;
    /** The longest incoming id kept. */
    public static final int MAX_LENGTH = 200;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    /**
     * The id of a request that came with {@code incoming} (null if it had no
     * {@value #HEADER}): {@code incoming} if acceptable, else a new id if {@code generate}, else null.
     */
    public static String choose(String incoming, boolean generate) {
        if (incoming != null && acceptable(incoming)) {
            return incoming;
        }
        return generate ? generate() : null;
    }

    /** Whether {@code id} may be used as it is: 1 to {@value #MAX_LENGTH} visible ASCII characters. */
    public static boolean acceptable(String id) {
        int n = id.length();
        if (n == 0 || n > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (c < '!' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /** A new id: 128 random bits as 32 lower-case hex digits (the form of a W3C trace id). */
    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[32];
        hex(id, 0, random.nextLong());
        hex(id, 16, random.nextLong());
        return new String(id);
    }

    private static void hex(char[] into, int at, long bits) {
        for (int i = 15; i >= 0; i--) {
            into[at + i] = HEX[(int) bits & 15];
            bits >>>= 4;
        }
    }
}
