package org.jwsgi.server;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.jwsgi.gateway.HttpDate;

/**
 * One line per request in the Common Log Format, through {@code System.Logger}
 * {@code org.jwsgi.access} at INFO:
 * {@code 127.0.0.1 - - [26/Nov/2026:15:18:41 +0000] "GET / HTTP/1.1" 200 13}.
 * The time stamp (local time, as Apache writes it) is formatted once a second, by hand.
 */
final class AccessLog {

    private static final System.Logger LOG = System.getLogger("org.jwsgi.access");

    private static final HttpDate.PerSecond NOW = new HttpDate.PerSecond(second -> format(second,
            ZoneId.systemDefault().getRules().getOffset(Instant.ofEpochSecond(second)).getTotalSeconds()));

    private AccessLog() {
    }

    static void log(String remote, String requestLine, int status, long bytes) {
        if (LOG.isLoggable(System.Logger.Level.INFO)) {
            LOG.log(System.Logger.Level.INFO, remote + " - - [" + now() + "] \""
                    + requestLine + "\" " + status + " " + (bytes == 0 ? "-" : Long.toString(bytes)));
        }
    }

    private static String now() {
        return NOW.now();
    }

    /** {@code dd/MMM/yyyy:HH:mm:ss Z} of {@code epochSecond} at {@code offsetSeconds} from UTC. */
    static String format(long epochSecond, int offsetSeconds) {
        long local = epochSecond + offsetSeconds;
        int time = (int) Math.floorMod(local, 86_400);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(local, 86_400));
        StringBuilder s = new StringBuilder(26);
        HttpDate.two(s, date.getDayOfMonth()).append('/').append(HttpDate.month(date.getMonthValue()))
                .append('/').append(date.getYear()).append(':');
        HttpDate.two(s, time / 3600).append(':');
        HttpDate.two(s, time / 60 % 60).append(':');
        HttpDate.two(s, time % 60).append(' ').append(offsetSeconds < 0 ? '-' : '+');
        int minutes = Math.abs(offsetSeconds) / 60;
        HttpDate.two(s, minutes / 60);
        return HttpDate.two(s, minutes % 60).toString();
    }
}
