package io.daeploy.manager.core.rollout;

import java.util.Arrays;

/**
 * Request durations as a Prometheus histogram keeps them: for each upper bound, how many took at most that long, and
 * how many in all (those over the last bound count only in the total).
 *
 * @param bounds     upper bounds in seconds, ascending
 * @param cumulative requests at or below each bound
 * @param count      all requests
 */
public record LatencyHistogram(double[] bounds, long[] cumulative, long count) {

    public LatencyHistogram {
        if (bounds.length != cumulative.length) {
            throw new IllegalArgumentException("a count per bound: " + bounds.length + " bounds, " + cumulative.length + " counts");
        }
        bounds = bounds.clone();
        cumulative = cumulative.clone();
    }

    public static LatencyHistogram empty(double[] bounds) {
        return new LatencyHistogram(bounds, new long[bounds.length], 0);
    }

    /** What happened between an earlier reading and this one (counters only grow). */
    public LatencyHistogram minus(LatencyHistogram earlier) {
        long[] window = new long[cumulative.length];
        for (int i = 0; i < window.length; i++) {
            window[i] = cumulative[i] - earlier.cumulative[i];
        }
        return new LatencyHistogram(bounds, window, count - earlier.count);
    }

    /** Both together (the figures of two managers); the bounds must be the same. */
    public LatencyHistogram plus(LatencyHistogram other) {
        if (!Arrays.equals(bounds, other.bounds)) {
            throw new IllegalArgumentException("Histograms of other bounds do not add up: " + Arrays.toString(bounds)
                    + " and " + Arrays.toString(other.bounds));
        }
        long[] sum = new long[cumulative.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = cumulative[i] + other.cumulative[i];
        }
        return new LatencyHistogram(bounds, sum, count + other.count);
    }

    /**
     * The q-quantile, interpolated linearly within its bucket as Prometheus's {@code histogram_quantile} does; past the
     * last bound it is that bound (the histogram cannot say more). NaN without requests.
     */
    public double quantile(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        double rank = q * count;
        long below = 0;
        double lower = 0;
        for (int i = 0; i < bounds.length; i++) {
            if (cumulative[i] >= rank) {
                long inBucket = cumulative[i] - below;
                return inBucket == 0 ? bounds[i] : lower + (bounds[i] - lower) * (rank - below) / inBucket;
            }
            below = cumulative[i];
            lower = bounds[i];
        }
        return bounds[bounds.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyHistogram other && Arrays.equals(bounds, other.bounds)
                && Arrays.equals(cumulative, other.cumulative) && count == other.count;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(cumulative) + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "LatencyHistogram" + Arrays.toString(cumulative) + " of " + count;
    }
}
