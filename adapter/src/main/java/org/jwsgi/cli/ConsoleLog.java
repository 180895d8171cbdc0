package org.jwsgi.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The CLI's log: one line per record on stderr, access-log lines as they are (Common Log Format).
 * The library itself only uses System.Logger; configuring the backend is the application's job,
 * and this is the CLI's.
 */
final class ConsoleLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Held so the configured level outlives garbage collection (JUL keeps loggers weakly). */
    private static final Logger ACCESS = Logger.getLogger("org.jwsgi.access");

    private ConsoleLog() {
    }

    static void install(boolean accessLog) {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler();
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
    }
}
