package org.jwsgi.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Engine;
import org.jwsgi.Application;
import org.jwsgi.Environ;
import org.jwsgi.StartResponse;

/**
 * An unmodified Python WSGI application (PEP 3333: a Flask or Django project,
 * {@code wsgiref.simple_server.demo_app}) as an {@link Application}, run by GraalPy: serve it on
 * any jwsgi backend, or in a WAR with {@link PythonServlet}.
 *
 * <p>Both directions of PEP 3333 are mapped: the environ's strings are native strings (latin-1
 * {@code str}); {@code wsgi.input} is a binary file over the request stream ({@code read},
 * {@code readline}, {@code readlines}, iteration); {@code wsgi.errors} writes to the server's
 * log; {@code start_response} checks its arguments as {@code wsgiref} does, re-raises
 * {@code exc_info} once the headers went out and returns the write callable; the body may be any
 * iterable of {@code bytes}, sent chunk by chunk, with its {@code close()} called exactly once; a
 * {@code wsgi.file_wrapper} body over a real file goes out through the server's zero-copy path.
 * A Python exception reaches the server as a {@link PythonException} carrying Python's traceback,
 * answered like a Java application's failure (a 500 before the headers).
 *
 * <p>The contexts start when the app is made, in parallel, so no request pays for them; see
 * {@link Model} for the two ways of running them. Platform threads ({@code Threading.POOL}) serve
 * the shared model best: a virtual thread waiting for GraalPy's GIL pins its carrier, so the shared
 * model lets only one fewer virtual thread into Python at once than there are carriers, the others
 * waiting in Java (docs/python.md).
 *
 * <pre>{@code
 * try (PythonApp app = PythonApp.start(PythonOptions.of("hello:app").withPythonPath(List.of(Path.of("apps"))));
 *      RunningServer server = Backend.named("builtin").start(app,
 *              ServerOptions.defaults().withPort(8000).withThreading(Threading.POOL))) {
 *     server.awaitStop();
 * }
 * }</pre>
 */
public final class PythonApp implements Application, AutoCloseable {

    private final PythonOptions options;
    private final Engine engine;
    private final List<Interpreter> all;
    private final BlockingQueue<Interpreter> idle;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PythonApp(PythonOptions options, Engine engine, List<Interpreter> all) {
        this.options = options;
        this.engine = engine;
        this.all = all;
        this.idle = new ArrayBlockingQueue<>(all.size(), false, all);
    }

    /**
     * Creates the contexts of {@code options} (in parallel, up to the number of processors) and
     * imports the application in each.
     *
     * @throws PythonException if the import fails (with Python's traceback)
     */
    public static PythonApp start(PythonOptions options) {
        Objects.requireNonNull(options, "options");
        Engine engine = Engine.newBuilder("python").build();
        int n = options.contextCount();
        List<Interpreter> made = new ArrayList<>(n);
        ExecutorService starters = Executors.newFixedThreadPool(Math.min(n, Runtime.getRuntime().availableProcessors()),
                r -> new Thread(r, "jwsgi-python-start"));
        try {
            List<Future<Interpreter>> pending = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                pending.add(starters.submit(() -> new Interpreter(engine, options)));
            }
            RuntimeException failure = null;
            for (Future<Interpreter> f : pending) {
                try {
                    made.add(f.get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                }
            }
            if (failure != null) {
                made.forEach(Interpreter::close);
                engine.close();
                throw failure;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            starters.shutdownNow();
            made.forEach(Interpreter::close);
            engine.close();
            throw new IllegalStateException("interrupted while starting the Python contexts", e);
        } finally {
            starters.shutdown();
        }
        return new PythonApp(options, engine, List.copyOf(made));
    }

    /**
     * What runs the Python code: {@code "GraalVM CE"} (or another GraalVM) when the optimising
     * runtime is on, {@code "Interpreted"} on a JVM without it (several times slower; docs/python.md).
     */
    public String runtime() {
        return engine.getImplementationName();
    }

    /** The options this app was started with. */
    public PythonOptions options() {
        return options;
    }

    @Override
    public Iterable<byte[]> call(Map<String, Object> environ, StartResponse startResponse) throws Exception {
        if (closed.get()) {
            throw new IllegalStateException("the Python application is closed");
        }
        boolean pooled = options.model() == Model.POOL;
        Interpreter interpreter = pooled ? idle.take() : all.get(0);
        Runnable lease = pooled ? new Lease(interpreter) : () -> { };
        boolean multithread = !pooled && !Boolean.FALSE.equals(environ.get(Environ.WSGI_MULTITHREAD));
        return interpreter.call(environ, startResponse, multithread, pooled, lease);
    }

    /** Gives a pooled context back, once. */
    private final class Lease implements Runnable {
        private final Interpreter interpreter;
        private boolean released;

        Lease(Interpreter interpreter) {
            this.interpreter = interpreter;
        }

        @Override
        public void run() {
            if (!released) {
                released = true;
                idle.add(interpreter);
            }
        }
    }

    /** Closes every context and the engine; requests still running fail. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            all.forEach(Interpreter::close);
            engine.close();
        }
    }
}
