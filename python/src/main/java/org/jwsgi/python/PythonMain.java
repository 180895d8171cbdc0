package org.jwsgi.python;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jwsgi.Application;
import org.jwsgi.cli.Launcher;
import org.jwsgi.cli.Main;
import org.jwsgi.options.ServerOptions;

/**
 * {@code bin/jwsgi-python [OPTIONS] MODULE:CALLABLE}: serves a Python WSGI app on a jwsgi backend,
 * with jwsgi-cli.jar's server options ({@code --server builtin|jetty|tomcat}, {@code --port}, ...)
 * and its own: {@code --python-path DIR} (repeatable), {@code --model shared|pool},
 * {@code --contexts N}, {@code --bytecode-cache DIR|none}, {@code --isolate-native-modules}. The
 * contexts start before the server does, so the first line (the URL) means ready.
 *
 * <pre>{@code
 * $ python/target/jwsgi-python/bin/jwsgi-python --port 0 --model pool --contexts 2 --python-path apps flask_app:app
 * jwsgi: serving flask_app:app on http://127.0.0.1:40125/ (builtin server, a pool of 64 threads, ...)
 * }</pre>
 */
public final class PythonMain {

    static final String USAGE = """
            Usage: jwsgi-python [OPTIONS] MODULE:CALLABLE

            Serves a Python WSGI application (PEP 3333) with GraalPy over HTTP/1.1 until
            interrupted (SIGINT/SIGTERM stop it gracefully). The Python contexts start first;
            the first line printed holds the URL served, once they are ready.

            MODULE:CALLABLE           the WSGI callable, as gunicorn takes it (myproject.wsgi:application;
                                      CALLABLE defaults to application); MODULE is imported from
                                      the --python-path directories, then the current directory
            Python options:
              --python-path DIR       a directory put on sys.path, in order (repeatable)
              --model MODEL           shared: one context for every server thread (the GIL orders
                                      them); pool: --contexts contexts, each serving one request
                                      at a time, in parallel (default shared)
              --contexts N            contexts of the pool model (default: the processors, %d)
              --bytecode-cache DIR    where GraalPy keeps .pyc files, so later starts import faster,
                                      or none (default %s)
              --isolate-native-modules
                                      let every pooled context load C extensions (needs patchelf;
                                      GraalPy's experimental python.IsolateNativeModules)
            Server options (--name VALUE or --name=VALUE); jwsgi-python's --threading is pool
            unless given: on virtual threads the shared model lets fewer requests into Python at
            once (docs/python.md):
            """.formatted(Runtime.getRuntime().availableProcessors(), defaultCache());

    private PythonMain() {
    }

    public static void main(String[] args) {
        Parsed parsed;
        try {
            parsed = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("jwsgi: " + e.getMessage());
            System.err.println("Try 'jwsgi-python --help'.");
            System.exit(2);
            return;
        }
        Main.main(parsed.rest().toArray(String[]::new), parsed.launcher());
    }

    /** The launcher with this command line's Python options, and the arguments left for the CLI. */
    record Parsed(PythonLauncher launcher, List<String> rest) {
    }

    static Parsed parse(String[] args) {
        List<Path> path = new ArrayList<>();
        Model model = Model.SHARED;
        Integer contexts = null;
        Path cache = defaultCache();
        boolean isolate = false;
        boolean threadingGiven = false;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--python-path" -> {
                    Path dir = Path.of(value != null ? value : next(args, ++i, arg));
                    if (!Files.isDirectory(dir)) {
                        throw new IllegalArgumentException("--python-path " + dir + ": no such directory");
                    }
                    path.add(dir.toAbsolutePath().normalize());
                }
                case "--model" -> {
                    try {
                        model = Model.parse(value != null ? value : next(args, ++i, arg));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--model: " + e.getMessage(), e);
                    }
                }
                case "--contexts" -> {
                    String v = value != null ? value : next(args, ++i, arg);
                    try {
                        contexts = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        contexts = 0;
                    }
                    if (contexts < 1) {
                        throw new IllegalArgumentException("--contexts must be a whole number of at least 1, not '" + v + "'");
                    }
                }
                case "--bytecode-cache" -> {
                    String v = value != null ? value : next(args, ++i, arg);
                    cache = v.equals("none") ? null : Path.of(v).toAbsolutePath();
                }
                case "--isolate-native-modules" -> {
                    if (value != null) {
                        throw new IllegalArgumentException(arg + " takes no value");
                    }
                    isolate = true;
                }
                default -> {
                    threadingGiven |= arg.equals("--threading");
                    rest.add(args[i]);
                }
            }
        }
        if (!threadingGiven) {
            // GraalPy pins a virtual thread that waits for the GIL to its carrier, so the shared
            // model admits only carriers - 1 virtual threads into Python at once (CarrierGate);
            // platform threads, as gunicorn's gthread workers use, need no such limit
            rest.addAll(0, List.of("--threading", "pool"));
        }
        if (contexts != null && model != Model.POOL) {
            throw new IllegalArgumentException("--contexts needs --model pool (the model is " + model.label() + ")");
        }
        path.add(Path.of("").toAbsolutePath()); // as gunicorn: the current directory is importable
        return new Parsed(new PythonLauncher(path, model, contexts, cache, isolate), rest);
    }

    private static String next(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("jwsgi-python").resolve("pycache");
    }

    /** APP is MODULE:CALLABLE; loading it starts the contexts. */
    record PythonLauncher(List<Path> path, Model model, Integer contexts, Path cache, boolean isolate)
            implements Launcher {

        @Override
        public String command() {
            return "jwsgi-python";
        }

        @Override
        public String usage() {
            return USAGE;
        }

        @Override
        public Application load(String app, ServerOptions options) {
            if (app == null) {
                throw new IllegalArgumentException("MODULE:CALLABLE is required (the Python WSGI application)");
            }
            PythonOptions o = PythonOptions.of(app).withPythonPath(path).withModel(model).withBytecodeCache(cache)
                    .withIsolateNativeModules(isolate);
            if (contexts != null) {
                o = o.withContexts(contexts);
            }
            long t0 = System.nanoTime();
            PythonApp started;
            try {
                started = PythonApp.start(o);
            } catch (PythonException e) {
                throw new IllegalArgumentException("cannot load " + app + ":\n" + e.getMessage(), e);
            }
            System.err.printf("jwsgi-python: %s ready in %.1f s: %d GraalPy %s (%s model), %s%n", app,
                    (System.nanoTime() - t0) / 1e9, o.contextCount(), o.contextCount() == 1 ? "context" : "contexts",
                    model.label(), started.runtime());
            return started;
        }
    }
}
