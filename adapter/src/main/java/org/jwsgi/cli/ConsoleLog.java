package org.jwsgi.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;

/**
 * The CLI's log: one line per record on stderr, access-log lines as they are (Common Log Format).
 * The library itself only uses System.Logger; configuring the backend is the application's job,
 * and this is the CLI's.
 */
final class ConsoleLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Held so the configured level outlives garbage collection (JUL keeps loggers weakly). */
    private static final Logger ACCESS = Logger.getLogger("org.jwsgi.access");
    /**
     * Tomcat logs its lifecycle (initializing, starting, pausing, stopping...) at INFO through
     * java.util.logging; the builtin and jetty backends say nothing of the kind, and the CLI's own
     * startup line and "jwsgi: stopped" already tell it. Warnings and errors still show.
     */
    private static final Logger TOMCAT = Logger.getLogger("org.apache");

    private ConsoleLog() {
    }

    static void install(boolean accessLog) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler handler = new StderrHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String message = formatMessage(r);
                if ("org.jwsgi.access".equals(r.getLoggerName())) {
                    return message + System.lineSeparator();
                }
                StringBuilder b = new StringBuilder()
                        .append(LocalDateTime.now().format(TIME)).append(' ')
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
        root.addHandler(handler);
        ACCESS.setLevel(accessLog ? Level.INFO : Level.OFF);
        TOMCAT.setLevel(Level.WARNING);
    }

    /**
     * What ConsoleHandler does (stderr, flushed per record, never closed), but not a
     * ConsoleHandler: Tomcat's JULI, when it first logs, gives every ConsoleHandler on the root
     * logger its own formatter, which would reformat the access lines and messages of the CLI.
     */
    private static final class StderrHandler extends StreamHandler {

        StderrHandler() {
            super(System.err, new SimpleFormatter());
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
