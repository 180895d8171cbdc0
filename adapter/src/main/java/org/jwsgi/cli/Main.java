package org.jwsgi.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.options.ServerOptions;

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
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        int status = serve(Map.of(), args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
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
     * @param apps applications by name, looked up before the built-ins and class names
     */
    public static int serve(Map<String, Application> apps, String[] args, PrintStream out, PrintStream err) {
        if (System.getProperty("java.util.logging.manager") == null) {
            // keeps logging alive while a graceful stop finishes its requests (see CliLogManager)
            System.setProperty("java.util.logging.manager", CliLogManager.class.getName());
        }
        if (System.getProperty("slf4j.provider") == null) {
            // Jetty logs through SLF4J: its records join the CLI's log through System.Logger
            System.setProperty("slf4j.provider", Slf4jToSystemLogger.class.getName());
        }
        return run(args, apps, out, err);
    }

    /** Runs the CLI; returns the exit status once the server has stopped (or at once on an error). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, Map.of(), out, err);
    }

    private static int run(String[] args, Map<String, Application> apps, PrintStream out, PrintStream err) {
        CliArgs cli;
        try {
            cli = CliArgs.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("jwsgi: " + e.getMessage());
            err.println("Try 'java -jar jwsgi-cli.jar --help'.");
            return 2;
        }
        if (cli.help()) {
            out.print(CliArgs.helpText());
            return 0;
        }
        Application app = apps.get(cli.app());
        try {
            if (app == null) {
                app = Apps.load(cli.app());
            }
        } catch (IllegalArgumentException e) {
            err.println("jwsgi: " + e.getMessage());
            return 2;
        }
        ServerOptions options = cli.options();
        if (cli.metricsPath() != null) {
            options = Metrics.served(options, cli.metricsPath()); // Micrometer is loaded only here
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
            closeQuietly(access);
            return 2;
        } catch (IOException e) {
            err.println("jwsgi: " + e.getMessage());
            closeQuietly(access);
            return 1;
        }
        CliLogManager.holdResetUntilStopped(cli.options().stopGrace().plusSeconds(5));
        Thread hook = new Thread(() -> {
            try {
                server.stop(cli.options().stopGrace()); // writes the lines of the last requests too
                err.println("jwsgi: stopped");
            } finally {
                CliLogManager.serverStopped();
            }
        }, "jwsgi-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("jwsgi: serving " + cli.app() + " on " + options.url(server.port()) + " ("
                + cli.server() + " server, " + options.describe() + ")");
        out.flush();
        try {
            server.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop(Duration.ZERO);
        }
        return 0;
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
