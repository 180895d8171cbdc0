package org.jwsgi.python;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link PythonApp} runs and how: the WSGI callable, where its modules are, the
 * {@link Model} and the number of contexts.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code callable}</td><td>(required)</td><td>{@code MODULE:CALLABLE}, as gunicorn takes it:
 *       {@code myproject.wsgi:application}; the callable may be dotted ({@code app:server.wsgi}) and
 *       defaults to {@code application} when there is no {@code :}</td></tr>
 *   <tr><td>{@code pythonPath}</td><td>none</td><td>directories put first on {@code sys.path}, in
 *       order (the app's own directory, a {@code site-packages})</td></tr>
 *   <tr><td>{@code model}</td><td>{@link Model#SHARED}</td><td>one context for all threads, or a pool</td></tr>
 *   <tr><td>{@code contexts}</td><td>the number of processors</td><td>contexts of the {@link Model#POOL}
 *       model (1 for {@link Model#SHARED})</td></tr>
 *   <tr><td>{@code bytecodeCache}</td><td>none</td><td>a directory where GraalPy keeps the
 *       {@code .pyc} files of what it imported, so later starts import faster (its
 *       {@code python.PyCachePrefix})</td></tr>
 *   <tr><td>{@code isolateNativeModules}</td><td>false</td><td>lets each pooled context load C
 *       extensions (GraalPy's experimental {@code python.IsolateNativeModules}, which needs
 *       {@code patchelf}); without it the pool model refuses C extensions with an
 *       {@code ImportError}</td></tr>
 * </table>
 *
 * <pre>{@code
 * PythonOptions options = PythonOptions.of("hello:app")
 *         .withPythonPath(List.of(Path.of("apps")))
 *         .withModel(Model.POOL)
 *         .withContexts(2);
 * }</pre>
 */
public record PythonOptions(String callable, List<Path> pythonPath, Model model, int contexts, Path bytecodeCache,
        boolean isolateNativeModules) {

    public PythonOptions {
        Objects.requireNonNull(callable, "callable");
        Objects.requireNonNull(model, "model");
        pythonPath = List.copyOf(Objects.requireNonNull(pythonPath, "pythonPath"));
        String module = callable.contains(":") ? callable.substring(0, callable.indexOf(':')) : callable;
        if (module.isBlank() || callable.isBlank() || callable.strip().length() != callable.length()) {
            throw new IllegalArgumentException("callable must be MODULE:CALLABLE, not \"" + callable + "\"");
        }
        if (contexts < 1) {
            throw new IllegalArgumentException("contexts must be at least 1, not " + contexts);
        }
        for (Path p : pythonPath) {
            if (p.toString().contains(":")) {
                throw new IllegalArgumentException("a python path directory cannot contain ':': " + p);
            }
        }
    }

    /** {@code callable} on the {@link Model#SHARED} model, no extra path, a context per processor for the pool. */
    public static PythonOptions of(String callable) {
        return new PythonOptions(callable, List.of(), Model.SHARED, Runtime.getRuntime().availableProcessors(), null,
                false);
    }

    public PythonOptions withPythonPath(List<Path> v) {
        return new PythonOptions(callable, v, model, contexts, bytecodeCache, isolateNativeModules);
    }

    public PythonOptions withModel(Model v) {
        return new PythonOptions(callable, pythonPath, v, contexts, bytecodeCache, isolateNativeModules);
    }

    public PythonOptions withContexts(int v) {
        return new PythonOptions(callable, pythonPath, model, v, bytecodeCache, isolateNativeModules);
    }

    /** @param v a directory for GraalPy's {@code .pyc} files, or {@code null} for none */
    public PythonOptions withBytecodeCache(Path v) {
        return new PythonOptions(callable, pythonPath, model, contexts, v, isolateNativeModules);
    }

    public PythonOptions withIsolateNativeModules(boolean v) {
        return new PythonOptions(callable, pythonPath, model, contexts, bytecodeCache, v);
    }

    /** How many contexts the model runs: {@link #contexts()} for the pool, 1 when shared. */
    public int contextCount() {
        return model == Model.POOL ? contexts : 1;
    }
}
