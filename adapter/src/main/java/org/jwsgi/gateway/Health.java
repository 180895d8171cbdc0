package org.jwsgi.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.Header;

/**
 * A server's own readiness and liveness answer: {@code 200 ok} while it serves, {@code 503
 * stopping} from the moment a stop begins (before its listener closes, so that a load balancer
 * probing it takes the instance out first). Each server holds one, calls {@link #beginStop} as
 * the first step of its stop, and answers the health path with {@link #app()} before the
 * application (see {@link ServerEndpoints}).
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
 * ServerEndpoints endpoints = health.endpoints("/healthz", false);
 * // ... serve; then, to stop:
 * health.beginStop(options.drainDelay());   // 503 from now on; returns once the delay has passed
 * // close the listener, ...
 * }</pre>
 */
public final class Health {

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

    /**
     * Marks the stop as begun, so the health path answers 503 from now on, and the first time
     * waits {@code drainDelay}: the server goes on serving meanwhile, and a load balancer that
     * probes the health path takes the instance out before the listener closes. A second call
     * (a stop while another one drains) returns at once; so does an interrupted wait, with the
     * thread's interrupt status kept.
     *
     * @return true the first time, false if a stop had already begun
     */
    public boolean beginStop(Duration drainDelay) {
        synchronized (this) {
            if (stopping) {
                return false;
            }
            stopping = true;
        }
        long deadline = System.nanoTime() + drainDelay.toNanos();
        try {
            for (long left = drainDelay.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(left); // the drain delay itself, not a wait for a condition
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** The application that answers the health path. */
    public Application app() {
        return app;
    }

    /**
     * The endpoints for a server whose health path is {@code path}: none when {@code path} is
     * empty (no health path configured).
     *
     * @param logged whether health checks go to the access log
     */
    public ServerEndpoints endpoints(String path, boolean logged) {
        return path.isEmpty() ? ServerEndpoints.NONE
                : ServerEndpoints.NONE.with(new ServerEndpoints.Endpoint(path, app, logged));
    }

    private static List<Header> headers(byte[] body, Header extra) {
        Header type = new Header("Content-Type", "text/plain");
        Header length = new Header("Content-Length", Integer.toString(body.length));
        Header noStore = new Header("Cache-Control", "no-store");
        return extra == null ? List.of(type, length, noStore) : List.of(type, length, noStore, extra);
    }
}
