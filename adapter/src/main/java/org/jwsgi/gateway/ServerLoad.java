package org.jwsgi.gateway;

import java.util.function.IntSupplier;

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

    /** A load that reads its figures from these suppliers each time it is asked. */
    static ServerLoad of(String backend, String threading, IntSupplier openConnections, IntSupplier busyConnections,
            int maxConnections, IntSupplier busyThreads, IntSupplier maxThreads) {
        return new ServerLoad() {
            @Override
            public String backend() {
                return backend;
            }

            @Override
            public String threading() {
                return threading;
            }

            @Override
            public int openConnections() {
                return openConnections.getAsInt();
            }

            @Override
            public int busyConnections() {
                return busyConnections.getAsInt();
            }

            @Override
            public int maxConnections() {
                return maxConnections;
            }

            @Override
            public int busyThreads() {
                return busyThreads.getAsInt();
            }

            @Override
            public int maxThreads() {
                return maxThreads.getAsInt();
            }
        };
    }
}
