package org.jwsgi.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;

/**
 * A server's own readiness and liveness answer: {@code 200 ok} while it serves, {@code 503
 * stopping} from the moment a stop begins (before its listener closes, so that a load balancer
 * probing it takes the instance out first). It is a {@link ServerListener}: every backend calls
 * {@link #stopping()} as its stop begins, then waits the drain delay ({@link #drain}) before it
 * closes its listener. Each server gets its own (the option {@code healthPath} puts one in the
 * server's {@link ServerEndpoints} and listeners as the server is built).
 *
 * <table>
 *   <caption>What the health path answers</caption>
 *   <tr><th>request</th><th>serving</th><th>stopping</th></tr>
 *   <tr><td>GET, HEAD</td><td>{@code 200}, {@code ok}</td><td>{@code 503}, {@code stopping}</td></tr>
 *   <tr><td>any other method</td><td colspan="2">{@code 405}, {@code Allow: GET, HEAD}</td></tr>
 * </table>
 *
 * <pre>{@code
 * Health health = new Health();
 * ServerEndpoints endpoints = ServerEndpoints.none().with("/healthz", health.app());
 * // ... serve; then, to stop:
 * health.stopping();                      // 503 from now on
 * Health.drain(Duration.ofSeconds(5), new CountDownLatch(1)); // a load balancer notices meanwhile
 * // close the listener, ...
 * }</pre>
 */
public final class Health implements ServerListener {

    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STOPPING = "stopping\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_ALLOWED = "the health path answers GET and HEAD\n".getBytes(StandardCharsets.US_ASCII);

    private volatile boolean stopping;
    private final Application app = (environ, startResponse) -> {
        Object method = environ.get(Environ.REQUEST_METHOD);
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            startResponse.start("405 Method Not Allowed", headers(NOT_ALLOWED, new Header("Allow", "GET, HEAD")));
            return List.of(NOT_ALLOWED);
        }
        byte[] body = stopping ? STOPPING : OK;
        startResponse.start(stopping ? "503 Service Unavailable" : "200 OK", headers(body, null));
        return List.of(body);
    };

    /** Whether the server is serving: no stop has begun. */
    public boolean serving() {
        return !stopping;
    }

    /** The server's stop has begun: the health path answers 503 from now on. */
    @Override
    public void stopping() {
        stopping = true;
    }

    /** Not interested in single requests. */
    @Override
    public void requestEnded(RequestRecord record) {
    }

    /** The application that answers the health path. */
    public Application app() {
        return app;
    }

    /**
     * Waits {@code drainDelay}, or until {@code cutShort} opens (a second stop: the operator wants
     * the server gone now): the pause between a stop's beginning (the health path turns 503) and
     * the listener's closing, during which the server serves as before and a load balancer probing
     * it takes it out. An interrupted wait returns at once, the interrupt status kept.
     */
    public static void drain(Duration drainDelay, CountDownLatch cutShort) {
        try {
            // the drain delay itself, not a wait for a condition: only a second stop ends it early
            cutShort.await(drainDelay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Health[" + (stopping ? "stopping" : "serving") + "]";
    }

    private static List<Header> headers(byte[] body, Header extra) {
        Header type = new Header("Content-Type", "text/plain");
        Header length = new Header("Content-Length", Integer.toString(body.length));
        Header noStore = new Header("Cache-Control", "no-store");
        return extra == null ? List.of(type, length, noStore) : List.of(type, length, noStore, extra);
    }
}
