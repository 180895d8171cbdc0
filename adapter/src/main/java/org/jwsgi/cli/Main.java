package org.jwsgi.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import org.jwsgi.Application;
import org.jwsgi.backend.Backend;
import org.jwsgi.backend.RunningServer;
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
        ConsoleLog.install(cli.options().accessLog());
        RunningServer server;
        try {
            server = Backend.named(cli.server()).start(app, cli.options());
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
        // with --inherit-socket the address is the socket's, not --host's
        String url = cli.options().inheritSocket() ? server.uri().toString() : "http://" + host + ":" + server.port() + "/";
        out.println("jwsgi: serving " + cli.app() + " on " + url + " ("
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
