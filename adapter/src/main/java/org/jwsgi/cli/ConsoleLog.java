package org.jwsgi.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * The CLI's log: one line per record on stderr. The access log does not pass through logging:
 * the server hands each request's record to its own writer ({@link Main}: stderr or
 * {@link AccessLogFile}, written off the request path).
 * The library itself only uses System.Logger; configuring the backend is the application's job,
 * and this is the CLI's.
 */
final class ConsoleLog {

    /** Built at the first record, not at start-up: a server that logs nothing loads no java.time.format. */
    private static final class Time {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    }

    /** Held so the configured level outlives garbage collection (JUL keeps loggers weakly). */
    private static final Logger ACCESS = Logger.getLogger("org.jwsgi.access");
    /**
     * Tomcat logs its lifecycle (initializing, starting, pausing, stopping...) at INFO through
     * java.util.logging; the builtin and jetty backends say nothing of the kind, and the CLI's own
     * startup line and "jwsgi: stopped" already tell it. Warnings and errors still show.
     */
    private static final Logger TOMCAT = Logger.getLogger("org.apache");
    /** Jetty's lifecycle at INFO (through the CLI's SLF4J provider), for the same reason as Tomcat's. */
    private static final Logger JETTY = Logger.getLogger("org.eclipse.jetty");
    /**
     * The start-up line every backend logs at INFO: the CLI prints its own on stdout (the first
     * line, which scripts read), so the log need not say it again.
     */
    private static final List<Logger> STARTUP = List.of(Logger.getLogger("org.jwsgi.server.WsgiServer"),
            Logger.getLogger("org.jwsgi.backend.JettyServer"), Logger.getLogger("org.jwsgi.backend.TomcatServer"));

    private ConsoleLog() {
    }

    /** Sends every record to stderr, one line each; {@code org.jwsgi.access} nowhere. */
    static void install() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler handler = new StderrHandler(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String message = formatMessage(r);
                StringBuilder b = new StringBuilder()
                        .append(LocalDateTime.now().format(Time.FORMAT)).append(' ')
                        .append(r.getLevel().getName()).append(' ')
                        .append(r.getLoggerName()).append(": ").append(message)
                        .append(System.lineSeparator());
                if (r.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(trace));
                    b.append(trace);
                }
                return b.toString();
            }
        });
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        for (Handler h : ACCESS.getHandlers()) {
            ACCESS.removeHandler(h);
        }
        ACCESS.setUseParentHandlers(false);
        ACCESS.setLevel(Level.OFF); // the CLI gives the server a sink instead (Main)
        TOMCAT.setLevel(Level.WARNING);
        JETTY.setLevel(Level.WARNING);
        STARTUP.forEach(l -> l.setLevel(Level.WARNING));
    }

    /**
     * What ConsoleHandler does (stderr, flushed per record, never closed), but not a
     * ConsoleHandler: Tomcat's JULI, when it first logs, gives every ConsoleHandler on the root
     * logger its own formatter, which would reformat the access lines and messages of the CLI.
     */
    private static final class StderrHandler extends StreamHandler {

        StderrHandler(Formatter formatter) {
            super(System.err, formatter);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
        }

        @Override
        public synchronized void close() {
            flush(); // System.err outlives the logging
        }
    }
}
