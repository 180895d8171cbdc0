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
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the CLI; returns the exit status once the server has stopped (or at once on an error). */
    static int run(String[] args, PrintStream out, PrintStream err) {
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
        Application app;
        try {
            app = Apps.load(cli.app());
        } catch (IllegalArgumentException e) {
            err.println("jwsgi: " + e.getMessage());
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
            closeQuietly(access);
            return 2;
        } catch (IOException e) {
            err.println("jwsgi: " + e.getMessage());
            closeQuietly(access);
            return 1;
        }
        AccessLogWriter accessLog = access;
        CliLogManager.holdResetUntilStopped(cli.options().stopGrace().plusSeconds(5));
        Thread hook = new Thread(() -> {
            try {
                server.stop(cli.options().stopGrace());
                closeQuietly(accessLog); // after the stop: the lines of the last requests are written
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
        }
        return 0;
    }

    private static void closeQuietly(AccessLogWriter access) {
        if (access != null) {
            access.close();
        }
    }
}
