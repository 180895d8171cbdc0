package org.jwsgi.bench;

import java.util.Collection;

/**
 * The median the tables report over rounds.
 *
 * <pre>{@code
 * Stats.median(List.of(3.0, 1.0, 2.0));  // 2.0
 * Stats.median(List.of(1.0, 4.0));       // 2.5: the mean of the middle two
 * }</pre>
 */
final class Stats {

    private Stats() {
    }

    /**
     * The median of the values that are not NaN: the middle one, or the mean of the middle two
     * for an even count (so with 2 rounds, their mean); NaN when none is left.
     */
    static double median(Collection<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /** {@code a / b}, NaN unless both are finite and {@code b} is positive. */
    static double ratio(double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b) && b > 0 ? a / b : Double.NaN;
    }
}
