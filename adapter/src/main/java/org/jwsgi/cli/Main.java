package org.jwsgi.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiFunction;
import org.jwsgi.Application;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.tls.TlsContext;

/**
 * {@code java -jar jwsgi-cli.jar [options] [APP]}: serves an {@link Application} on a
 * {@link Backend} ({@code --server builtin|jetty|tomcat}) until SIGINT or SIGTERM, then stops
 * gracefully. The first line on stdout holds the URL served. Bad arguments, and options the
 * backend cannot honour, print a message and exit with status 2; an address that cannot be bound
 * exits with 1.
 *
 * <pre>{@code
 * $ java -jar adapter/target/jwsgi-cli.jar --server tomcat --port 0 demo
 * jwsgi: serving demo on http://127.0.0.1:40125/ (tomcat server, a platform thread per connection, at most 10000 connections, maxBodyBytes=1073741824, headerReadTimeout=20 s, keepAliveTimeout=20 s)
 * }</pre>
 *
 * <p>A runnable jar of one application hands its arguments to {@link #serve}, which gives the same
 * options under the jar's own name, without an APP argument:
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     org.jwsgi.cli.Main.serve("java -jar my-app.jar", MyApp.class, args);
 * }
 * }</pre>
 *
 * <p>A command of its own built on these options, whose APP is not a Java class (jwsgi-python's
 * {@code MODULE:CALLABLE}), describes itself as a {@link Launcher} and calls
 * {@link #main(String[], Launcher)}.
 */
public final class Main {

    /**
     * Who is running: jwsgi-cli.jar itself, a program serving one application ({@link #serve}), or
     * a {@link Launcher}'s command. The one description {@link #run} works from.
     *
     * @param command how the program is started, for the help text and "Try '... --help'."
     * @param fixedApp the one application class a {@link #serve} program serves (it takes no APP); or null
     * @param name what {@code --version} prints first
     * @param versionOf a class of the program's own jar, whose version {@code --version} prints before
     *     jwsgi's; or null for jwsgi-cli.jar, which prints jwsgi's alone
     * @param usage the head of {@code --help} (usage line, what APP is, the program's own options), or
     *     null for the CLI's own, made from {@code command} and {@code fixedApp}
     * @param defaultApp the APP when none is given, or null
     * @param loader how APP becomes an {@link Application} (it may read the server options), or null
     *     for a Java class name or a built-in ({@code Apps.load}); only those can be reloaded
     */
    record Program(String command, String fixedApp, String name, Class<?> versionOf, String usage, String defaultApp,
            BiFunction<String, ServerOptions, Application> loader) {

        Program {
            if (command == null || command.isBlank() || name == null) {
                throw new IllegalArgumentException("a program needs a command and a name, got '" + command + "', '"
                        + name + "'");
            }
        }

        /** jwsgi-cli.jar ({@code fixedApp} null, APP by default {@code demo}) or a jar serving {@code fixedApp}. */
        Program(String command, String fixedApp, String name, Class<?> versionOf) {
            this(command, fixedApp, name, versionOf, null, fixedApp == null ? "demo" : fixedApp, null);
        }

        /**
         * jwsgi-cli.jar itself, whose APP may also name one of {@code apps} (a harness's own, as
         * {@link Main#serve(Map, String[], PrintStream, PrintStream)} takes them). Those are looked up
         * first, by a loader: with them {@code --reload} (which reloads Java classes) is refused.
         */
        static Program jwsgi(Map<String, Application> apps) {
            Map<String, Application> named = Map.copyOf(apps);
            if (named.isEmpty()) {
                return new Program(CliArgs.COMMAND, null, "jwsgi", null);
            }
            return new Program(CliArgs.COMMAND, null, "jwsgi", null, null, "demo",
                    (app, options) -> named.containsKey(app) ? named.get(app) : Apps.load(app));
        }

        /** A launcher's command: its usage, default APP and loader; its version is its jar's and jwsgi's. */
        static Program of(Launcher launcher) {
            return new Program(launcher.command(), null, launcher.command(), launcher.getClass(), launcher.usage(),
                    launcher.defaultApp(), launcher::load);
        }

        /**
         * What {@code --version} prints after the name: jwsgi's version, or the program's own jar's
         * followed by jwsgi's. Read from the jars only when asked: a scan of a large jar's entries
         * costs a start-up that does not print it some 10 ms.
         */
        String version() {
            String jwsgi = Main.version(Main.class, "jwsgi-adapter");
            return versionOf == null ? jwsgi : Main.version(versionOf, null) + " (jwsgi " + jwsgi + ")";
        }

        String helpText() {
            return usage == null ? CliArgs.helpText(command, fixedApp) : CliArgs.helpText(usage);
        }

        Application load(String app, ServerOptions options) {
            return loader == null ? Apps.load(app) : loader.apply(app, options);
        }
    }

    private Main() {
    }

    /**
     * The entry point of {@code jwsgi-cli.jar}: {@code [OPTIONS] [APP]}, {@code --help} lists them.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        launch(Program.jwsgi(Map.of()), args);
    }

    /**
     * The CLI as a launcher for a program that brings its own applications: {@code args} are the
     * CLI's (flags, defaults, logging, access log, first line and graceful stop are the same), and
     * the APP they name may also be one of {@code apps}. Returns the exit status once the server
     * has stopped (SIGINT or SIGTERM), or at once on an error. The benchmark harness starts its
     * servers this way, so what it measures is what {@code java -jar jwsgi-cli.jar} runs.
     *
     * <pre>{@code
     * public static void main(String[] args) {
     *     System.exit(Main.serve(Map.of("mine", new MyApp()), args, System.out, System.err));
     * }
     * // java -cp ... MyMain --port 9000 mine
     * }</pre>
     *
     * @param apps applications by name, looked up before the built-ins and class names; with
     *     them, {@code --reload} is refused (status 2), as with a {@link Launcher}
     */
    public static int serve(Map<String, Application> apps, String[] args, PrintStream out, PrintStream err) {
        setUpLogging();
        Preload.start();
        return run(Program.jwsgi(apps), args, out, err);
    }

    /**
     * Serves {@code app} with the CLI's options, as a program called {@code command} (what
     * {@code --help} shows: {@code "java -jar my-app.jar"}); it takes no APP argument. Its
     * {@code --version} gives the version of the jar that holds {@code app} and jwsgi's. Returns only
     * on bad arguments (exiting with status 2), or when the server stops.
     *
     * @param command how the program is started, for the help text
     * @param app the application class (public, with a public no-argument constructor)
     * @param args the command line
     */
    public static void serve(String command, Class<? extends Application> app, String[] args) {
        String name = command.replaceFirst("^java -jar ", "").replaceFirst("\\.jar$", "");
        launch(new Program(command, app.getName(), name, app), args);
    }

    /**
     * Runs {@code launcher}'s command: this CLI's server options, logging, first line, graceful stop
     * and {@code --version}, with the launcher's APP and help. Returns only when the server stops;
     * exits the JVM with status 2 on bad arguments, 1 if the address cannot be bound.
     *
     * @param args the command line, the launcher's own options taken out
     * @param launcher what APP is and how it is loaded
     */
    public static void main(String[] args, Launcher launcher) {
        launch(Program.of(launcher), args);
    }

    private static void launch(Program program, String[] args) {
        setUpLogging();
        Preload.start();
        int status = run(program, args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    private static void setUpLogging() {
        if (System.getProperty("java.util.logging.manager") == null) {
            // keeps logging alive while a graceful stop finishes its requests (see CliLogManager)
            System.setProperty("java.util.logging.manager", CliLogManager.class.getName());
        }
        if (System.getProperty("slf4j.provider") == null) {
            // Jetty logs through SLF4J: its records join the CLI's log through System.Logger
            System.setProperty("slf4j.provider", Slf4jToSystemLogger.class.getName());
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                // else SLF4J reports on stderr, at every start, that it loaded the provider named above
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
    }

    /** Runs jwsgi-cli.jar's command line; returns the exit status once the server has stopped. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(Program.jwsgi(Map.of()), args, out, err);
    }

    /**
     * Runs {@code launcher}'s command line (as {@link #main(String[], Launcher)} does, without
     * exiting); returns the exit status once the server has stopped, or at once on an error.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Launcher launcher) {
        return run(Program.of(launcher), args, out, err);
    }

    /** Runs the CLI; returns the exit status once the server has stopped (or at once on an error). */
    static int run(Program program, String[] args, PrintStream out, PrintStream err) {
        CliArgs cli;
        try {
            cli = CliArgs.parse(args, program.fixedApp(), program.defaultApp());
        } catch (IllegalArgumentException e) {
            err.println("jwsgi: " + e.getMessage());
            err.println("Try '" + program.command() + " --help'.");
            return 2;
        }
        if (cli.help()) {
            out.print(program.helpText());
            return 0;
        }
        if (cli.version()) {
            out.println(program.name() + " " + program.version());
            out.println("Java " + Runtime.version() + " (" + System.getProperty("java.vm.name", "?") + ")");
            return 0;
        }
        if (cli.reload() && program.loader() != null) {
            err.println("jwsgi: --reload reloads Java application classes; " + program.command() + " cannot reload "
                    + cli.app());
            return 2;
        }
        // every check of the options before the app is loaded: a launcher's app can take seconds to
        // start (jwsgi-python's interpreters), and a bad flag should not wait for it
        if (cli.options().tls() != null) {
            // read the key material once here, so a bad file is a usage error (status 2) named by its
            // file, before any backend binds the port
            try (TlsContext check = TlsContext.create(cli.options().tls().withReloadInterval(Duration.ZERO))) {
                check.protocols();
            } catch (IllegalArgumentException e) {
                err.println("jwsgi: " + e.getMessage());
                return 2;
            }
        }
        ServerOptions options = cli.options();
        if (cli.metricsPath() != null) {
            if (!Metrics.available()) {
                err.println("jwsgi: --metrics needs Micrometer's Prometheus registry"
                        + " (io.micrometer:micrometer-registry-prometheus) on the class path; jwsgi-cli.jar carries it");
                return 2;
            }
            options = Metrics.served(options, cli.metricsPath()); // Micrometer is loaded only here
        }
        Application app;
        try {
            if (cli.reload()) {
                Reloader reloader = Reloader.start(cli.app(), System.getProperty("java.class.path", ""), err);
                err.println("jwsgi: reloading " + cli.app() + " when " + String.join(", ",
                        reloader.roots().stream().map(Object::toString).toList()) + " changes");
                app = reloader;
            } else {
                app = program.load(cli.app(), cli.options());
            }
        } catch (IllegalArgumentException e) {
            err.println("jwsgi: " + e.getMessage());
            err.println("Try '" + program.command() + " --help'.");
            return 2;
        } catch (IOException e) {
            err.println("jwsgi: --reload: " + e.getMessage());
            return 1;
        }
        AccessLogSink access = null;
        if (options.accessLog()) {
            if (cli.accessLogFile() == null) {
                access = AccessLogSink.stream(err);
            } else {
                AccessLogFile file;
                try {
                    file = AccessLogFile.open(Path.of(cli.accessLogFile()));
                } catch (IOException | RuntimeException e) {
                    err.println("jwsgi: --access-log: " + e.getMessage());
                    closeApp(app, err);
                    return 2;
                }
                Signals.handle("USR1", file::reopen);
                access = file;
            }
        }
        ConsoleLog.install();
        RunningServer server;
        try {
            // the server queues each request's record; a background thread formats and writes the lines
            server = Backend.named(cli.server()).start(app, options, access);
        } catch (IllegalArgumentException e) { // an option this backend cannot honour, SINGLE on jetty say
            err.println("jwsgi: --server " + cli.server() + ": " + e.getMessage());
            closeApp(app, err);
            closeQuietly(access);
            return 2;
        } catch (IOException e) {
            err.println("jwsgi: " + e.getMessage());
            closeApp(app, err);
            closeQuietly(access);
            return 1;
        }
        CliLogManager.holdResetUntilStopped(cli.options().stopGrace().plusSeconds(5));
        Thread hook = new Thread(() -> {
            try {
                server.stop(cli.options().stopGrace()); // writes the lines of the last requests too
                closeApp(app, err); // the reloader's watcher, a launcher's interpreters
                err.println("jwsgi: stopped");
            } finally {
                CliLogManager.serverStopped();
            }
        }, "jwsgi-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // with --inherit-socket the address is the socket's, not --host's
        String url = options.inheritSocket() ? server.uri().toString() : options.url(server.port());
        out.println("jwsgi: serving " + cli.app() + " on " + url + " ("
                + cli.server() + " server, " + options.describe() + ")");
        out.flush();
        try {
            server.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop(Duration.ZERO);
            closeApp(app, err);
        }
        return 0;
    }

    /**
     * The version of the jar holding {@code anchor}, from the pom.properties Maven writes into it
     * (of {@code artifactId}, or the only one there); "(version unknown)" when not run from a jar.
     */
    static String version(Class<?> anchor, String artifactId) {
        var source = anchor.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation().getPath().endsWith(".jar")) {
            try (var jar = new java.util.jar.JarFile(new java.io.File(source.getLocation().toURI()))) {
                var found = jar.stream().filter(e -> e.getName().startsWith("META-INF/maven/")
                        && e.getName().endsWith("/" + (artifactId == null ? "" : artifactId + "/") + "pom.properties")
                        && (artifactId != null || e.getName().split("/").length == 5)).toList();
                if (found.size() == 1) {
                    Properties p = new Properties();
                    try (InputStream in = jar.getInputStream(found.get(0))) {
                        p.load(in);
                    }
                    return p.getProperty("version", "(version unknown)");
                }
            } catch (IOException | java.net.URISyntaxException e) {
                // a jar we cannot read again: no version to show, which --version says
            }
        }
        return "(version unknown: not run from a built jar)";
    }

    /** An app that holds resources (the reloader, a launcher's interpreters) is closed once the server stopped. */
    private static void closeApp(Application app, PrintStream err) {
        if (app instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                err.println("jwsgi: closing the application failed: " + e);
            }
        }
    }

    /** The server never started: its access log's writer never took the sink over. */
    private static void closeQuietly(AccessLogSink access) {
        if (access != null) {
            try {
                access.close();
            } catch (IOException e) {
                // nothing was written to it
            }
        }
    }
}
