package org.jwsgi.gateway;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The time of an access log line, {@code dd/MMM/yyyy:HH:mm:ss Z} in the JVM's zone (as Apache
 * writes it), formatted by hand once per second: {@code DateTimeFormatter} would load locale data
 * at its first use, a start-up cost.
 *
 * <pre>{@code
 * new ClfTime().time(784_111_777);   // "06/Nov/1994:08:49:37 +0000" in UTC
 * }</pre>
 */
final class ClfTime {

    private record Cached(long second, String text) {
    }

    private volatile Cached cached = new Cached(Long.MIN_VALUE, "");

    /** The text of {@code epochSecond} in the JVM's zone. */
    String time(long epochSecond) {
        Cached c = cached;
        if (c.second != epochSecond) {
            int offset = ZoneId.systemDefault().getRules().getOffset(Instant.ofEpochSecond(epochSecond))
                    .getTotalSeconds();
            c = new Cached(epochSecond, format(epochSecond, offset));
            cached = c;
        }
        return c.text;
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
