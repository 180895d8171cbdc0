package org.jwsgi.gateway;

import java.util.List;

/**
 * Told by a server when it starts, when each request ends and when it begins to stop: the hook of
 * metrics ({@code org.jwsgi.metrics.HttpMetrics}) and of anything else that watches a server. The
 * same calls come from every backend. {@link #requestEnded} runs on the request's thread after
 * its response went out, so it must be quick and must not throw.
 *
 * <pre>{@code
 * LongAdder served = new LongAdder();
 * ServerOptions options = ServerOptions.defaults().withListener(record -> served.increment());
 * }</pre>
 */
@FunctionalInterface
public interface ServerListener {

    /** One request ended (also one a {@link ServerEndpoints server endpoint} answered: see {@link RequestRecord#endpoint()}). */
    void requestEnded(RequestRecord record);

    /** The server is listening; {@code load} reports its connections and threads from now on. */
    default void started(ServerLoad load) {
    }

    /**
     * The server has begun a graceful stop: it serves as before for the drain delay (its health
     * path, a {@link Health}, answers 503 from now on), then accepts nothing new. Called once, on
     * the stopping thread, before the drain delay.
     */
    default void stopping() {
    }

    /**
     * Tells each of {@code listeners} that {@code r} ended; one that throws is logged (WARNING,
     * {@code org.jwsgi.gateway.ServerListener}) and the others are still told: a listener's bug
     * must not cost the request its connection.
     */
    static void tell(List<ServerListener> listeners, RequestRecord r) {
        for (ServerListener l : listeners) {
            try {
                l.requestEnded(r);
            } catch (RuntimeException e) {
                System.getLogger(ServerListener.class.getName()).log(System.Logger.Level.WARNING,
                        "listener " + l + " failed", e);
            }
        }
    }
}
