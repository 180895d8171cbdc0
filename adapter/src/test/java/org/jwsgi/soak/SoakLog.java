package org.jwsgi.soak;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts the server's log records by kind instead of printing them: minutes of aborts would
 * otherwise bury the report under stack traces, and the counts are what the report needs.
 */
final class SoakLog extends Handler {

    private final Logger logger = Logger.getLogger("org.jwsgi");
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private Level oldLevel;

    static SoakLog install() {
        SoakLog h = new SoakLog();
        h.oldLevel = h.logger.getLevel();
        h.logger.setLevel(Level.FINE); // DEBUG: client-gone records too, to see what the aborts caused
        h.logger.setUseParentHandlers(false);
        h.logger.addHandler(h);
        return h;
    }

    void uninstall() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(true);
        logger.setLevel(oldLevel);
    }

    void reset() {
        counts.clear();
    }

    @Override
    public void publish(LogRecord r) {
        String message = r.getMessage() == null ? "" : r.getMessage();
        if (r.getParameters() != null) {
            message = java.text.MessageFormat.format(message, r.getParameters());
        }
        // digits out, so "3 of 100000 bytes" and "4 of 200000 bytes" are one kind
        String kind = r.getLevel() + " " + message.replaceAll("[0-9]+", "#").replaceAll("/[^ ]*", "/…")
                + (r.getThrown() != null ? " [" + r.getThrown().getClass().getSimpleName() + "]" : "");
        counts.computeIfAbsent(kind.length() > 160 ? kind.substring(0, 160) : kind, k -> new AtomicLong())
                .incrementAndGet();
    }

    /** Records at ERROR (SEVERE) or above: each is a server-side failure worth a look. */
    long errors() {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith("SEVERE"))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    String summary() {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(counts).forEach((k, v) -> b.append(String.format("%10d  %s%n", v.get(), k)));
        return b.length() == 0 ? "  (none)" : b.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
