package org.jwsgi.middleware;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jwsgi.Application;
import org.jwsgi.Environ;

/**
 * Takes the client's address, the scheme and the host from the headers a reverse proxy adds, as
 * Werkzeug's {@code ProxyFix}: {@code REMOTE_ADDR}, {@code wsgi.url_scheme}, {@code HTTP_HOST},
 * {@code SERVER_NAME} and {@code SERVER_PORT}. Only as many hops as configured are trusted, and
 * the default is none: anyone can send these headers, so they are believed only when a proxy
 * you run is known to set them.
 *
 * <pre>{@code
 * // one nginx in front, which sets X-Forwarded-For and X-Forwarded-Proto
 * Application app = ProxyFix.xForwarded().withForHops(1).withProtoHops(1).wrap(site);
 * // a chain that speaks RFC 7239 "Forwarded", two proxies deep
 * Application app2 = ProxyFix.forwarded(2).wrap(site);
 * }</pre>
 *
 * <p>Each proxy appends to the list, so with {@code n} trusted hops the value is the
 * {@code n}-th entry from the right; a list shorter than {@code n} is ignored (the request did not
 * pass through all of them). Count each header separately: a proxy that sets
 * {@code X-Forwarded-For} but not {@code X-Forwarded-Host} lets the client's own
 * {@code X-Forwarded-Host} through, so its hop count must stay 0. One source is chosen, never
 * both: with {@link #xForwarded()} a {@code Forwarded} header is ignored and the other way round,
 * because a proxy that sets one family leaves the other to whatever the client sent.
 *
 * <p>Values are checked and a malformed one is ignored, leaving the server's value: an address
 * must be an IPv4 or IPv6 literal (a port after it is dropped; {@code unknown} and obfuscated
 * {@code _names} are ignored), a scheme {@code http} or {@code https}, a host a name or address
 * with an optional port, a port 1 to 65535. No name is ever resolved. The values the server had
 * set are kept, as a {@code Map<String, String>}, under {@link #ORIGINAL}.
 */
public final class ProxyFix {

    /** The environ key of the original values: {@code REMOTE_ADDR}, {@code wsgi.url_scheme}, ... as the server set them. */
    public static final String ORIGINAL = "jwsgi.proxy.orig";

    private static final List<String> KEYS = List.of(Environ.REMOTE_ADDR, Environ.WSGI_URL_SCHEME, Environ.HTTP_HOST,
            Environ.SERVER_NAME, Environ.SERVER_PORT);

    private final boolean rfc7239;
    private final int forHops;
    private final int protoHops;
    private final int hostHops;
    private final int portHops;

    private ProxyFix(boolean rfc7239, int forHops, int protoHops, int hostHops, int portHops) {
        this.rfc7239 = rfc7239;
        this.forHops = check(forHops);
        this.protoHops = check(protoHops);
        this.hostHops = check(hostHops);
        this.portHops = check(portHops);
    }

    /** {@code X-Forwarded-For/-Proto/-Host/-Port}, every hop count 0: set those your proxies write. */
    public static ProxyFix xForwarded() {
        return new ProxyFix(false, 0, 0, 0, 0);
    }

    /** RFC 7239 {@code Forwarded}, trusting {@code hops} elements from the right (each proxy adds one). */
    public static ProxyFix forwarded(int hops) {
        return new ProxyFix(true, hops, hops, hops, 0);
    }

    /** Trust this many entries of {@code X-Forwarded-For}. */
    public ProxyFix withForHops(int hops) {
        return xOnly(new ProxyFix(false, hops, protoHops, hostHops, portHops));
    }

    /** Trust this many entries of {@code X-Forwarded-Proto}. */
    public ProxyFix withProtoHops(int hops) {
        return xOnly(new ProxyFix(false, forHops, hops, hostHops, portHops));
    }

    /** Trust this many entries of {@code X-Forwarded-Host}. */
    public ProxyFix withHostHops(int hops) {
        return xOnly(new ProxyFix(false, forHops, protoHops, hops, portHops));
    }

    /** Trust this many entries of {@code X-Forwarded-Port}. */
    public ProxyFix withPortHops(int hops) {
        return xOnly(new ProxyFix(false, forHops, protoHops, hostHops, hops));
    }

    /** {@code next}, called with the environ corrected from the trusted headers. */
    public Application wrap(Application next) {
        Objects.requireNonNull(next, "next");
        return (environ, startResponse) -> {
            Map<String, String> original = new HashMap<>();
            for (String key : KEYS) {
                if (environ.get(key) instanceof String v) {
                    original.put(key, v);
                }
            }
            environ.put(ORIGINAL, Map.copyOf(original));
            if (rfc7239) {
                applyForwarded(environ);
            } else {
                apply(environ, pick(environ, "HTTP_X_FORWARDED_FOR", forHops), pick(environ, "HTTP_X_FORWARDED_PROTO", protoHops),
                        pick(environ, "HTTP_X_FORWARDED_HOST", hostHops), pick(environ, "HTTP_X_FORWARDED_PORT", portHops));
            }
            return next.call(environ, startResponse);
        };
    }

    private void applyForwarded(Map<String, Object> environ) {
        Object header = environ.get("HTTP_FORWARDED");
        if (forHops == 0 || header == null) {
            return;
        }
        List<Map<String, String>> elements = ProxyValues.forwardedElements(header.toString());
        if (elements == null || elements.size() < forHops) {
            return; // malformed, or fewer hops than trusted: nothing in it can be told from the client's
        }
        Map<String, String> hop = elements.get(elements.size() - forHops);
        apply(environ, hop.get("for"), hop.get("proto"), hop.get("host"), null);
    }

    private static void apply(Map<String, Object> environ, String forValue, String proto, String host, String port) {
        String addr = forValue == null ? null : ProxyValues.address(forValue);
        if (addr != null) {
            environ.put(Environ.REMOTE_ADDR, addr);
        }
        if (proto != null && (proto.equalsIgnoreCase("http") || proto.equalsIgnoreCase("https"))) {
            environ.put(Environ.WSGI_URL_SCHEME, proto.toLowerCase(Locale.ROOT));
        }
        String[] hostPort = host == null ? null : ProxyValues.hostAndPort(host);
        if (hostPort != null) {
            String scheme = String.valueOf(environ.get(Environ.WSGI_URL_SCHEME));
            environ.put(Environ.HTTP_HOST, host);
            environ.put(Environ.SERVER_NAME, hostPort[0]);
            environ.put(Environ.SERVER_PORT, hostPort[1] != null ? hostPort[1] : scheme.equals("https") ? "443" : "80");
        }
        if (port != null && ProxyValues.port(port)) {
            String[] current = ProxyValues.hostAndPort(String.valueOf(environ.get(Environ.HTTP_HOST)));
            if (current != null) {
                environ.put(Environ.HTTP_HOST, current[0] + ":" + port);
            }
            environ.put(Environ.SERVER_PORT, port);
        }
    }

    /** The {@code hops}-th entry from the right of a comma-separated header, or {@code null}. */
    private static String pick(Map<String, Object> environ, String key, int hops) {
        Object header = environ.get(key);
        if (hops == 0 || header == null) {
            return null;
        }
        String[] entries = header.toString().split(",", -1);
        if (entries.length < hops) {
            return null;
        }
        String v = entries[entries.length - hops].strip();
        return v.isEmpty() ? null : v;
    }

    private ProxyFix xOnly(ProxyFix next) {
        if (rfc7239) {
            throw new IllegalStateException("per-header hop counts are for X-Forwarded-*; Forwarded has one count");
        }
        return next;
    }

    private static int check(int hops) {
        if (hops < 0) {
            throw new IllegalArgumentException("trusted hops must not be negative: " + hops);
        }
        return hops;
    }
}
