package org.jwsgi.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.jwsgi.Application;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
import org.jwsgi.gateway.AccessLogSink;
import org.jwsgi.gateway.VirtualThreads;
import org.jwsgi.options.ServerOptions;
import org.jwsgi.options.Threading;

/**
 * {@code java -jar jwsgi-cli.jar [options] [APP]}: serves an {@link Application} on a
 * {@link Backend} ({@code --server builtin|jetty|tomcat}) until SIGINT or SIGTERM, then stops
 * gracefully. The first line on stdout holds the URL served. Bad arguments, and options the
 * backend cannot honour, print a message and exit with status 2; an address that cannot be bound
 * exits with 1.
 *
 * <pre>{@code
 * $ java -jar adapter/target/jwsgi-cli.jar --server tomcat --port 0 demo
 * jwsgi: serving demo on http://127.0.0.1:40125/ (tomcat server, a platform thread per connection, at most 10000 connections)
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
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            // Jetty logs through SLF4J, and the jar carries no SLF4J provider (routing it to
            // System.Logger needs slf4j-jdk-platform-logging): without this, slf4j-api prints a
            // three-line "No SLF4J providers were found" warning on every start
            System.setProperty("slf4j.internal.verbosity", "ERROR");
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
        ConsoleLog.install(cli.options().accessLog());
        RunningServer server;
        try {
            // the access log goes straight to stderr in batches, written by a background thread
            server = Backend.named(cli.server()).start(app, cli.options(), AccessLogSink.stream(err));
        } catch (IllegalArgumentException e) { // an option this backend cannot honour, SINGLE on jetty say
            err.println("jwsgi: --server " + cli.server() + ": " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("jwsgi: " + e.getMessage());
            return 1;
        }
        CliLogManager.holdResetUntilStopped(cli.options().stopGrace().plusSeconds(5));
        Thread hook = new Thread(() -> {
            try {
                server.stop(cli.options().stopGrace());
                err.println("jwsgi: stopped");
            } finally {
                CliLogManager.serverStopped();
            }
        }, "jwsgi-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String host = cli.options().host().contains(":") ? "[" + cli.options().host() + "]" : cli.options().host();
        out.println("jwsgi: serving " + cli.app() + " on http://" + host + ":" + server.port() + "/ ("
                + cli.server() + " server, " + describe(cli.options()) + ")");
        out.flush();
        try {
            server.awaitStop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop(Duration.ZERO);
        }
        return 0;
    }

    private static String describe(ServerOptions o) {
        return switch (o.threading()) {
            case SINGLE -> "one request at a time";
            case POOL -> "a pool of " + o.poolThreads() + (o.poolThreads() == 1 ? " thread" : " threads");
            case PER_CONNECTION -> "a " + (VirtualThreads.available() ? "virtual" : "platform")
                    + " thread per connection";
        } + (o.threading() == Threading.SINGLE ? "" : ", at most " + o.maxConnections() + " connections");
    }
}
