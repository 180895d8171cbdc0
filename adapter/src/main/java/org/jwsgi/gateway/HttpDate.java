package org.jwsgi.gateway;

import java.time.LocalDate;
import java.util.function.LongFunction;

/**
 * HTTP dates (RFC 9110's IMF-fixdate, {@code Sun, 06 Nov 1994 08:49:37 GMT}): the {@code Date}
 * header of every response, {@code Expires} and {@code Last-Modified} values. Formatted by hand
 * because {@code DateTimeFormatter} loads locale data at its first use, a cost paid at start-up.
 *
 * <pre>{@code
 * new Header("Date", HttpDate.now());
 * new Header("Last-Modified", HttpDate.format(Files.getLastModifiedTime(path).toInstant().getEpochSecond()));
 * }</pre>
 */
public final class HttpDate {

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    /** English month abbreviations, as HTTP dates and the Common Log Format write them. */
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};

    private static final PerSecond NOW = new PerSecond(HttpDate::format);

    private HttpDate() {
    }

    /** The current second as an IMF-fixdate, formatted at most once a second. */
    public static String now() {
        return NOW.now();
    }

    /** The English abbreviation of {@code month} (1 to 12), as HTTP dates and the Common Log Format write it. */
    public static String month(int month) {
        return MONTHS[month - 1];
    }

    /**
     * A text of the current second, formatted at most once a second: the Date header, an access
     * log's time (the request's second, nearly always the current one).
     */
    public static final class PerSecond {

        private record Cached(long second, String text) {
        }

        private final LongFunction<String> format;
        private volatile Cached cached = new Cached(Long.MIN_VALUE, "");

        /** @param format the text of an epoch second */
        public PerSecond(LongFunction<String> format) {
            this.format = format;
        }

        /** The text of the current second. */
        public String now() {
            return of(Math.floorDiv(System.currentTimeMillis(), 1000));
        }

        /** The text of {@code second} (an epoch second), made again only when the second asked changes. */
        public String of(long second) {
            Cached c = cached;
            if (c.second != second) {
                c = new Cached(second, format.apply(second));
                cached = c;
            }
            return c.text;
        }
    }

    /** IMF-fixdate of {@code epochSecond}. */
    public static String format(long epochSecond) {
        long day = Math.floorDiv(epochSecond, 86_400);
        int time = (int) Math.floorMod(epochSecond, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        StringBuilder s = new StringBuilder(29)
                .append(DAYS[(int) Math.floorMod(day + 3, 7)]).append(", "); // 1970-01-01 was a Thursday
        two(s, date.getDayOfMonth()).append(' ').append(MONTHS[date.getMonthValue() - 1]).append(' ');
        int year = date.getYear();
        if (year < 1000) {
            s.append(year < 10 ? "000" : year < 100 ? "00" : "0");
        }
        s.append(year).append(' ');
        two(s, time / 3600).append(':');
        two(s, time / 60 % 60).append(':');
        return two(s, time % 60).append(" GMT").toString();
    }

    /** Appends {@code n} (0 to 99) as two digits. */
    public static StringBuilder two(StringBuilder s, int n) {
        return s.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }
}
