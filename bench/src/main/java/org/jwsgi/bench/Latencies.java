package org.jwsgi.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Percentiles of a set of measured durations, by the nearest-rank method: p99 of 1,000 samples is
 * the 990th smallest, a sample that was really measured, never an interpolation.
 *
 * <pre>{@code
 * Latencies l = Latencies.of(nanos);
 * System.out.println(l); // "p50 / p99 / max 0.11 / 0.40 / 2.31 ms"
 * }</pre>
 *
 * @param p50 the median, in nanoseconds
 * @param p99 in nanoseconds
 * @param max in nanoseconds
 * @param count how many samples
 */
record Latencies(long p50, long p99, long max, int count) {

    /** The percentiles of {@code nanos} (not modified). */
    static Latencies of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1], sorted.length);
    }

    /** The nearest-rank {@code p}-th percentile of ascending {@code sorted}: the ceil(p/100 n)-th sample. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0 || p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p + " of " + sorted.length + " samples");
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[rank - 1];
    }

    /** {@code "p50 / p99 / max"} in milliseconds, two decimals. */
    String millis() {
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", p50 / 1e6, p99 / 1e6, max / 1e6);
    }

    @Override
    public String toString() {
        return "p50 / p99 / max " + millis() + " ms";
    }
}
