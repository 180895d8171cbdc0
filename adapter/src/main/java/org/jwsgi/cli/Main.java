package org.jwsgi.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.jwsgi.Application;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
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
        main(args, JWSGI_CLI);
    }

    /**
     * Runs {@code launcher}'s command: this CLI's server options, logging, first line and graceful
     * stop, with the launcher's APP and help. Exits the JVM with status 2 on bad arguments, 1 if
     * the address cannot be bound.
     */
    public static void main(String[] args, Launcher launcher) {
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
        int status = run(args, System.out, System.err, launcher);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the CLI; returns the exit status once the server has stopped (or at once on an error). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, JWSGI_CLI);
    }

    /** jwsgi-cli.jar's own APP: a class name or a built-in, {@code demo} by default. */
    private static final Launcher JWSGI_CLI = new Launcher() {
        @Override
        public String command() {
            return "java -jar jwsgi-cli.jar";
        }

        @Override
        public String usage() {
            return CliArgs.USAGE;
        }

        @Override
        public String defaultApp() {
            return "demo";
        }

        @Override
        public Application load(String app, ServerOptions options) {
            return Apps.load(app);
        }
    };

    /** Runs {@code launcher}'s command line; returns the exit status once the server has stopped. */
    public static int run(String[] args, PrintStream out, PrintStream err, Launcher launcher) {
        CliArgs cli;
        try {
            cli = CliArgs.parse(args, launcher.defaultApp());
        } catch (IllegalArgumentException e) {
            err.println("jwsgi: " + e.getMessage());
            err.println("Try '" + launcher.command() + " --help'.");
            return 2;
        }
        if (cli.help()) {
            out.print(CliArgs.helpText(launcher.usage()));
            return 0;
        }
        Application app;
        try {
            app = launcher.load(cli.app(), cli.options());
        } catch (IllegalArgumentException e) {
            err.println("jwsgi: " + e.getMessage());
            err.println("Try '" + launcher.command() + " --help'.");
            return 2;
        }
        ServerOptions options = cli.options();
        if (cli.metricsPath() != null) {
            if (!Metrics.available()) {
                err.println("jwsgi: --metrics needs Micrometer's Prometheus registry"
                        + " (io.micrometer:micrometer-registry-prometheus) on the class path; jwsgi-cli.jar carries it");
                return 2;
            }
            options = Metrics.served(options, cli.metricsPath());
        }
        AccessLogWriter access = null;
        if (options.accessLog()) {
            try {
                access = cli.accessLogFile() == null ? AccessLogWriter.toStream(err)
                        : AccessLogWriter.toFile(Path.of(cli.accessLogFile()), err);
            } catch (IOException | RuntimeException e) {
                err.println("jwsgi: --access-log: " + e.getMessage());
                return 2;
            }
            if (cli.accessLogFile() != null) {
                Signals.handle("USR1", access::reopen);
            }
        }
        ConsoleLog.install(access);
        RunningServer server;
        try {
            server = Backend.named(cli.server()).start(app, options);
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
        AccessLogWriter accessLog = access;
        CliLogManager.holdResetUntilStopped(cli.options().stopGrace().plusSeconds(5));
        Thread hook = new Thread(() -> {
            try {
                server.stop(cli.options().stopGrace());
                closeApp(app, err);
                closeQuietly(accessLog); // after the stop: the lines of the last requests are written
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

    /** An app that holds resources (a launcher's, say: interpreters) is closed once the server stopped. */
    private static void closeApp(Application app, PrintStream err) {
        if (app instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                err.println("jwsgi: closing the application failed: " + e);
            }
        }
    }

    private static void closeQuietly(AccessLogWriter access) {
        if (access != null) {
            access.close();
        }
    }
}
