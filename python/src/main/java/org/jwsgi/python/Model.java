package org.jwsgi.python;

import java.util.Locale;

/**
 * How a {@link PythonApp} runs its Python callable across the server's threads: the answer to
 * "is my Python app run single- or multi-threaded?", told to the app through
 * {@code wsgi.multithread} and {@code wsgi.multiprocess}.
 *
 * <pre>{@code
 * PythonOptions.of("app:app").withModel(Model.POOL).withContexts(4);
 * }</pre>
 */
public enum Model {

    /**
     * One GraalPy context shared by every server thread, as one CPython process running a
     * threaded server (gunicorn's {@code gthread} worker, {@code wsgiref} with
     * {@code ThreadingMixIn}): Python's GIL lets one thread run Python code at a time, and it is
     * released while a thread waits in Java (reading the request, writing the response).
     * {@code wsgi.multithread} is the server's (true unless its threading is {@code single}),
     * {@code wsgi.multiprocess} false.
     */
    SHARED("shared"),

    /**
     * A pool of {@link PythonOptions#contexts()} GraalPy contexts sharing one engine (so their
     * code is parsed once and compiled once), each serving one request at a time, as gunicorn's
     * {@code sync} workers, but in one process and truly in parallel. Module state is per
     * context, as it is per worker process. {@code wsgi.multithread} false,
     * {@code wsgi.multiprocess} true.
     */
    POOL("pool");

    private final String label;

    Model(String label) {
        this.label = label;
    }

    /** The name on the command line and in docs: {@code shared} or {@code pool}. */
    public String label() {
        return label;
    }

    /**
     * Parses a {@link #label()} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the models there are
     */
    public static Model parse(String label) {
        for (Model m : values()) {
            if (m.label.equalsIgnoreCase(label.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown Python model \"" + label.strip().toLowerCase(Locale.ROOT)
                + "\" (expected shared or pool)");
    }
}
