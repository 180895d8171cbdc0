package org.jwsgi.gateway;

/**
 * How busy a running server is, read when asked (a metrics scrape), the same on every backend:
 * what {@code org.jwsgi.metrics.HttpMetrics} turns into gauges.
 *
 * <pre>{@code
 * ServerListener gauge = new ServerListener() {
 *     public void requestEnded(RequestRecord r) { }
 *     public void started(ServerLoad load) { registry.gauge("open", load, ServerLoad::openConnections); }
 * };
 * }</pre>
 */
public interface ServerLoad {

    /** {@code builtin}, {@code jetty} or {@code tomcat}. */
    String backend();

    /** The threading model's label: {@code per-connection}, {@code pool}, {@code single}. */
    String threading();

    /** Connections open now, idle ones included. */
    int openConnections();

    /** Connections serving a request now (requests in flight). */
    int busyConnections();

    /** The most connections open at once ({@code maxConnections}). */
    int maxConnections();

    /** Threads of the request pool running a request now; -1 where requests run on virtual threads (no pool). */
    int busyThreads();

    /** The size of the request pool; -1 where requests run on virtual threads (no pool). */
    int maxThreads();
}
