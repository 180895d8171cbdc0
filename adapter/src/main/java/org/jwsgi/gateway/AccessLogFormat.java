package org.jwsgi.gateway;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The access log's line formats, one {@link RequestRecord} to one line (without its line end),
 * the same on every backend:
 *
 * <table>
 *   <caption>Formats</caption>
 *   <tr><th>format</th><th>example</th></tr>
 *   <tr><td>{@link #COMMON}</td><td>{@code 127.0.0.1 - - [26/Nov/2026:15:29:25 +0000] "GET /a?b=1 HTTP/1.1" 200 13}</td></tr>
 *   <tr><td>{@link #COMBINED}</td><td>the same, then {@code "REFERER" "USER-AGENT"} ({@code "-"} when absent)</td></tr>
 *   <tr><td>{@link #JSON}</td><td>JSON Lines: an object per request with the fields of the JFR event
 *       {@code org.jwsgi.Request} (docs/observability.md)</td></tr>
 * </table>
 *
 * <pre>{@code
 * String line = AccessLogFormat.parse("json").format(record);
 * }</pre>
 *
 * The Common Log Format writes the time in the local zone, as Apache does; JSON in UTC, ISO 8601
 * with milliseconds. Each time text is made once per second.
 */
public enum AccessLogFormat {

    /** Apache's Common Log Format: {@code %h %l %u %t "%r" %>s %b}. */
    COMMON,
    /** Apache's Combined Log Format: {@code %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"}. */
    COMBINED,
    /** JSON Lines, one object per request. */
    JSON;

    private static final HttpDate.PerSecond CLF_TIME = new HttpDate.PerSecond(second -> clfTime(second,
            ZoneId.systemDefault().getRules().getOffset(Instant.ofEpochSecond(second)).getTotalSeconds()));
    private static final HttpDate.PerSecond ISO_TIME = new HttpDate.PerSecond(AccessLogFormat::isoSecond);

    /** The name on the command line: {@code common}, {@code combined}, {@code json}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a {@link #label()}, case-insensitive. */
    public static AccessLogFormat parse(String label) {
        for (AccessLogFormat f : values()) {
            if (f.name().equalsIgnoreCase(label.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown access log format " + label.strip()
                + " (expected common, combined or json)");
    }

    /** The line of {@code r}, without a line end. */
    public String format(RequestRecord r) {
        StringBuilder s = new StringBuilder(this == JSON ? 320 : 160);
        if (this == JSON) {
            json(s, r);
        } else {
            clf(s, r);
        }
        return s.toString();
    }

    private void clf(StringBuilder s, RequestRecord r) {
        s.append(r.remoteAddr() == null ? "-" : r.remoteAddr()).append(" - - [")
                .append(CLF_TIME.of(Math.floorDiv(r.startMillis(), 1000))).append("] \"");
        if (r.method().isEmpty()) {
            s.append('-'); // refused before a whole request line arrived
        } else {
            quoted(s, r.method()).append(' ');
            quoted(s, r.target()).append(' ');
            quoted(s, r.protocol());
        }
        s.append("\" ").append(r.status()).append(' ');
        if (r.bytesOut() == 0) {
            s.append('-');
        } else {
            s.append(r.bytesOut());
        }
        if (this == COMBINED) {
            s.append(" \"");
            quoted(s, r.referer() == null ? "-" : r.referer()).append("\" \"");
            quoted(s, r.userAgent() == null ? "-" : r.userAgent()).append('"');
        }
    }

    private static boolean escaped(char c) {
        return c == '"' || c == '\\' || c < 0x20 || c == 0x7F;
    }

    /** Appends {@code v} for a quoted CLF field: {@code "} and {@code \} escaped, control bytes as {@code \xHH}. */
    private static StringBuilder quoted(StringBuilder s, String v) {
        int plain = 0;
        while (plain < v.length() && !escaped(v.charAt(plain))) {
            plain++;
        }
        s.append(v, 0, plain); // the usual field has nothing to escape: one bulk copy
        for (int i = plain; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F) {
                s.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                s.append(c);
            }
        }
        return s;
    }

    private static void json(StringBuilder s, RequestRecord r) {
        s.append("{\"time\":\"").append(ISO_TIME.of(Math.floorDiv(r.startMillis(), 1000)));
        int millis = (int) Math.floorMod(r.startMillis(), 1000);
        s.append('.').append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10)).append("Z\"");
        field(s, "remote", r.remoteAddr());
        field(s, "method", r.method());
        field(s, "path", r.path());
        field(s, "query", r.query());
        field(s, "protocol", r.protocol());
        s.append(",\"status\":").append(r.status());
        s.append(",\"bytes_in\":").append(r.bytesIn());
        s.append(",\"bytes_out\":").append(r.bytesOut());
        long micros = r.durationNanos() / 1000;
        s.append(",\"duration_ms\":").append(micros / 1000).append('.');
        int frac = (int) (micros % 1000);
        s.append((char) ('0' + frac / 100)).append((char) ('0' + frac / 10 % 10)).append((char) ('0' + frac % 10));
        field(s, "backend", r.backend());
        field(s, "threading", r.threading());
        field(s, "connection", r.connectionId());
        field(s, "request_id", r.requestId());
        field(s, "route", r.route());
        field(s, "referer", r.referer());
        field(s, "user_agent", r.userAgent());
        s.append('}');
    }

    /** {@code ,"name":"value"}, or {@code ,"name":null}. */
    private static void field(StringBuilder s, String name, String value) {
        s.append(",\"").append(name).append("\":");
        if (value == null) {
            s.append("null");
            return;
        }
        s.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7F) {
                // a native string's char is a byte of the request: kept as that code point, escaped
                s.append("\\u00").append(Character.forDigit(c >> 4 & 15, 16)).append(Character.forDigit(c & 15, 16));
            } else {
                s.append(c);
            }
        }
        s.append('"');
    }

    /** {@code dd/MMM/yyyy:HH:mm:ss Z} of {@code epochSecond} at {@code offsetSeconds} from UTC. */
    static String clfTime(long epochSecond, int offsetSeconds) {
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

    /** {@code yyyy-MM-ddTHH:mm:ss} of {@code epochSecond} in UTC. */
    static String isoSecond(long epochSecond) {
        int time = (int) Math.floorMod(epochSecond, 86_400);
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400));
        StringBuilder s = new StringBuilder(19).append(date.getYear()).append('-');
        HttpDate.two(s, date.getMonthValue()).append('-');
        HttpDate.two(s, date.getDayOfMonth()).append('T');
        HttpDate.two(s, time / 3600).append(':');
        HttpDate.two(s, time / 60 % 60).append(':');
        return HttpDate.two(s, time % 60).toString();
    }
}
