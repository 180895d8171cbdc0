package org.jwsgi.staticfiles;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jwsgi.gateway.Ascii;

/**
 * RFC 9110's conditional requests and byte ranges for {@link StaticFiles}, as plain functions
 * of the header values: which answer is {@code 304}, whether a {@code Range} still applies
 * ({@code If-Range}), and which single range a {@code Range} asks for.
 */
final class StaticConditions {

    /** The range that cannot be satisfied: the answer is 416. */
    static final long[] UNSATISFIABLE = new long[0];

    /** Reads IMF-fixdates (and RFC 1123 dates with a one-digit day, which some clients send). */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private StaticConditions() {
    }

    /** Epoch seconds of an IMF-fixdate, or {@code null} for anything else (RFC 9110: ignore it). */
    static Long parseDate(String value) {
        try {
            return Instant.from(HTTP_DATE.parse(value.strip())).getEpochSecond();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * RFC 9110 section 13.2.2 for GET and HEAD: {@code If-None-Match} decides when present
     * ({@code *}, or any listed tag equal to {@code etag} by the weak comparison); only without
     * it does {@code If-Modified-Since} (not older than the file's second) count.
     */
    static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, long modifiedSeconds) {
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || opaque(t).equals(opaque(etag))) {
                    return true;
                }
            }
            return false;
        }
        Long since = ifModifiedSince == null ? null : parseDate(ifModifiedSince);
        return since != null && modifiedSeconds <= since;
    }

    /**
     * Whether the {@code Range} applies under {@code If-Range} (RFC 9110 section 13.1.5): with no
     * {@code If-Range}, yes; with an entity-tag, only if it equals {@code etag} strongly (a weak
     * tag never does); with a date, only if it is exactly the file's {@code Last-Modified}.
     */
    static boolean ifRangeHolds(String ifRange, String etag, long modifiedSeconds) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.strip();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return v.equals(etag) && !etag.startsWith("W/");
        }
        Long date = parseDate(v);
        return date != null && date == modifiedSeconds;
    }

    /**
     * The one range {@code bytes=a-b}, {@code bytes=a-} or {@code bytes=-n} asks of a file of
     * {@code length} bytes, as {@code {first, last}} inclusive and clipped to the file;
     * {@link #UNSATISFIABLE} when it starts past the end (or asks for the last 0 bytes); or
     * {@code null}, meaning "send the whole file", for a header that is malformed, names another
     * unit, or lists several ranges (RFC 9110 section 14.2 lets a server ignore {@code Range};
     * multipart/byteranges is not worth its cost for static files).
     */
    static long[] range(String header, long length) {
        if (header == null) {
            return null;
        }
        String h = header.strip();
        if (h.length() < 6 || !h.regionMatches(true, 0, "bytes=", 0, 6)) {
            return null;
        }
        String spec = h.substring(6).strip();
        int dash = spec.indexOf('-');
        if (spec.indexOf(',') >= 0 || dash < 0) {
            return null;
        }
        String a = spec.substring(0, dash).strip();
        String b = spec.substring(dash + 1).strip();
        if (a.isEmpty()) {
            long n = Ascii.digits(b);
            if (n < 0) {
                return null;
            }
            return n == 0 || length == 0 ? UNSATISFIABLE : new long[] {Math.max(0, length - n), length - 1};
        }
        long first = Ascii.digits(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : Ascii.digits(b);
        if (first < 0 || last < 0 || last < first) {
            return null; // RFC 9110: an invalid range-spec makes the whole header ignorable
        }
        if (first >= length) {
            return UNSATISFIABLE;
        }
        return new long[] {first, Math.min(last, length - 1)};
    }


    /** An entity-tag without its weakness prefix: what the weak comparison compares. */
    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
