package org.jwsgi.options;

import java.util.Locale;

/**
 * How the bundled server runs connections: the answer to "is my app run single- or
 * multi-threaded?". {@code wsgi.multithread} is {@code false} only for {@link #SINGLE}.
 *
 * <pre>{@code
 * ServerOptions.defaults().withThreading(Threading.POOL).withPoolThreads(32);
 * }</pre>
 */
public enum Threading {

    /**
     * One request at a time on one thread, like {@code wsgiref}'s {@code WSGIServer} or a gunicorn
     * sync worker: each response closes its connection, so one idle client cannot hold the server.
     */
    SINGLE("single"),

    /**
     * A thread per connection, like {@code socketserver.ThreadingMixIn}: a virtual thread when the
     * JVM has them (Java 21+), a platform thread on Java 17.
     */
    PER_CONNECTION("per-connection"),

    /**
     * A fixed pool of {@link ServerOptions#poolThreads()} platform threads, as Jetty and Tomcat
     * run; connections beyond it wait in line (up to {@link ServerOptions#maxConnections()}).
     */
    POOL("pool");

    private final String label;

    Threading(String label) {
        this.label = label;
    }

    /** The name used on the command line and in docs: {@code single}, {@code per-connection}, {@code pool}. */
    public String label() {
        return label;
    }

    /** Parses a {@link #label()} (case-insensitive). */
    public static Threading parse(String label) {
        for (Threading t : values()) {
            if (t.label.equalsIgnoreCase(label.strip()) || t.name().equalsIgnoreCase(label.strip())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown threading model " + label.strip().toLowerCase(Locale.ROOT)
                + " (expected single, per-connection or pool)");
    }
}
