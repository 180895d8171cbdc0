package org.jwsgi.server;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One line per request in the Common Log Format, through {@code System.Logger}
 * {@code org.jwsgi.access} at INFO:
 * {@code 127.0.0.1 - - [26/Nov/2026:15:18:41 +0000] "GET / HTTP/1.1" 200 13}.
 */
final class AccessLog {

    private static final System.Logger LOG = System.getLogger("org.jwsgi.access");
    private static final DateTimeFormatter CLF =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private AccessLog() {
    }

    static void log(String remote, String requestLine, int status, long bytes) {
        if (LOG.isLoggable(System.Logger.Level.INFO)) {
            LOG.log(System.Logger.Level.INFO, remote + " - - [" + CLF.format(ZonedDateTime.now()) + "] \""
                    + requestLine + "\" " + status + " " + (bytes == 0 ? "-" : Long.toString(bytes)));
        }
    }
}
