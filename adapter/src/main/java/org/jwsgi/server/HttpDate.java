package org.jwsgi.server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Date} header value, formatted once a second rather than once a request. */
final class HttpDate {

    private static final DateTimeFormatter RFC_1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private record Cached(long second, String text) {
    }

    private static volatile Cached cached = new Cached(-1, "");

    private HttpDate() {
    }

    static String now() {
        long second = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != second) {
            c = new Cached(second, RFC_1123.format(Instant.ofEpochSecond(second)));
            cached = c;
        }
        return c.text;
    }
}
