package org.jwsgi.gateway;

import java.time.Duration;

/**
 * Durations as servers need them: in a message that names a limit, and as the {@code int}
 * milliseconds of a socket timeout or a container setting.
 *
 * <pre>{@code
 * "not received within headerReadTimeout=" + Durations.text(options.headerReadTimeout());   // "20 s"
 * socket.setSoTimeout(Durations.millis(options.bodyReadTimeout()));
 * }</pre>
 */
public final class Durations {

    private Durations() {
    }

    /** {@code d} as the docs write it: {@code 20 s}, {@code 300 ms}. */
    public static String text(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    /** {@code d} in whole milliseconds, at least 1 (0 means "forever" to a socket) and at most {@code Integer.MAX_VALUE}. */
    public static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
