package org.jwsgi.cli;

import org.jwsgi.Application;
import org.jwsgi.options.ServerOptions;

/**
 * A command built on this CLI, as jwsgi-python is: the same server flags (every
 * {@link ServerOptions} field and {@code --server}), parsing, logging, first line, graceful stop
 * and exit statuses, with its own APP and help. {@link Main#main(String[], Launcher)} runs it as the
 * CLI runs itself and a jar serving one app ({@link Main#serve}): {@code --version} names
 * {@link #command()} and the version of the jar holding the launcher; {@code --reload}, which
 * reloads Java classes, is refused (status 2). An application that is {@link AutoCloseable} is closed
 * once the server has stopped.
 *
 * <pre>{@code
 * Main.main(args, new Launcher() {
 *     public String command() { return "my-launcher"; }
 *     public String usage() { return "Usage: my-launcher [OPTIONS] NAME\n\nOptions:\n"; }
 *     public Application load(String app, ServerOptions options) { return new MyApp(app); }
 * });
 * }</pre>
 */
public interface Launcher {

    /** The command as users type it, for "Try 'COMMAND --help'." */
    String command();

    /**
     * The head of {@code --help}: the usage line, what APP is, the launcher's own options; the
     * server options follow it.
     */
    String usage();

    /** The APP when none is given; {@code null} (the default) passes null to {@link #load}. */
    default String defaultApp() {
        return null;
    }

    /**
     * The application APP names.
     *
     * @param app the APP argument, or {@link #defaultApp()}
     * @param options the server options parsed from the command line
     * @throws IllegalArgumentException with the message to print (exit status 2)
     */
    Application load(String app, ServerOptions options);
}
