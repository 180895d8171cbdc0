package org.jwsgi.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one wrk run measured, read from wrk's report (Debian's wrk 4.1).
 *
 * <pre>{@code
 * WrkResult r = WrkResult.parse(Files.readString(Path.of("wrk-output.txt")));
 * r.requestsPerSecond();  // 108123.45, from "Requests/sec:"
 * r.p99Millis();          // from the "Latency Distribution" (--latency); NaN without it
 * r.errors();             // socket errors plus non-2xx/3xx responses
 * }</pre>
 *
 * <p>Latencies are in milliseconds whatever unit wrk chose ({@code us}, {@code ms}, {@code s},
 * {@code m}, {@code h}). The per-thread "Req/Sec" line, whose figures carry metric suffixes
 * ({@code k}, {@code M}), is not read: the total "Requests/sec" line is the throughput.
 *
 * @param requestsPerSecond completed requests per second over the run
 * @param requests completed requests
 * @param seconds how long the run took, as wrk measured it
 * @param p50Millis median latency, NaN when wrk ran without {@code --latency}
 * @param p99Millis 99th-percentile latency, NaN when wrk ran without {@code --latency}
 * @param socketErrors connect, read, write and timeout errors, in wrk's order
 * @param non2xx3xx responses with a status outside 200–399
 */
record WrkResult(double requestsPerSecond, long requests, double seconds, double p50Millis, double p99Millis,
        SocketErrors socketErrors, long non2xx3xx) {

    /** wrk's "Socket errors" line; all zero when wrk printed none. */
    record SocketErrors(long connect, long read, long write, long timeout) {

        static final SocketErrors NONE = new SocketErrors(0, 0, 0, 0);

        long total() {
            return connect + read + write + timeout;
        }
    }

    private static final String TIME = "([0-9]+(?:\\.[0-9]+)?)(us|ms|s|m|h)";
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("^Requests/sec:\\s+([0-9]+(?:\\.[0-9]+)?)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern REQUESTS = Pattern.compile("^\\s*([0-9]+) requests in " + TIME + ",", Pattern.MULTILINE);
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+([0-9]+)%\\s+" + TIME + "\\s*$", Pattern.MULTILINE);
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+)");
    private static final Pattern NON_2XX_3XX = Pattern.compile("Non-2xx or 3xx responses: ([0-9]+)");

    /** Every failed request: socket errors plus non-2xx/3xx responses. */
    long errors() {
        return socketErrors.total() + non2xx3xx;
    }

    /**
     * Reads wrk's report.
     *
     * @throws IllegalArgumentException if {@code output} has no "Requests/sec" or "requests in" line
     *     (wrk failed, for instance "unable to connect"), quoting its first line
     */
    static WrkResult parse(String output) {
        Matcher rps = REQUESTS_PER_SECOND.matcher(output);
        Matcher requests = REQUESTS.matcher(output);
        if (!rps.find() || !requests.find()) {
            throw new IllegalArgumentException("not a wrk report: \"" + firstLine(output) + "\"");
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        for (Matcher m = PERCENTILE.matcher(output); m.find(); ) {
            switch (m.group(1)) {
                case "50" -> p50 = millis(m.group(2), m.group(3));
                case "99" -> p99 = millis(m.group(2), m.group(3));
                default -> { } // 75% and 90% are not reported
            }
        }
        SocketErrors socket = SocketErrors.NONE;
        Matcher se = SOCKET_ERRORS.matcher(output);
        if (se.find()) {
            socket = new SocketErrors(Long.parseLong(se.group(1)), Long.parseLong(se.group(2)),
                    Long.parseLong(se.group(3)), Long.parseLong(se.group(4)));
        }
        Matcher non2xx = NON_2XX_3XX.matcher(output);
        long bad = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        return new WrkResult(Double.parseDouble(rps.group(1)), Long.parseLong(requests.group(1)),
                millis(requests.group(2), requests.group(3)) / 1000, p50, p99, socket, bad);
    }

    /** The first non-blank line of {@code text}, or "(no output)". */
    static String firstLine(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("(no output)");
    }

    private static double millis(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            case "m" -> v * 60_000;
            case "h" -> v * 3_600_000;
            default -> throw new IllegalArgumentException("unknown wrk time unit \"" + unit + "\"");
        };
    }
}
