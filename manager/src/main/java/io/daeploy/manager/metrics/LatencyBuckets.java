package io.daeploy.manager.metrics;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies as counts in buckets whose bounds grow by a fixed ratio (4 %) from a microsecond to well past the gateway's
 * patience: a quantile read from them is within 2 % of the true one, and two sets of them add up to the set of both
 * (the figures of several managers merge). Counts only; the quantile is read when asked.
 */
public final class LatencyBuckets {

    private static final double GROWTH = 1.04;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    /** GROWTH^BUCKETS microseconds is over 200 s: longer ones count in the last bucket. */
    static final int BUCKETS = 480;

    private final long[] counts;

    private LatencyBuckets(long[] counts) {
        this.counts = counts;
    }

    public static LatencyBuckets empty() {
        return new LatencyBuckets(new long[BUCKETS]);
    }

    /** From the sparse form {@link #sparse()} gives; indexes out of range are refused. */
    public static LatencyBuckets fromSparse(Map<Integer, Long> sparse) {
        long[] counts = new long[BUCKETS];
        sparse.forEach((index, count) -> {
            if (index < 0 || index >= BUCKETS || count < 0) {
                throw new IllegalArgumentException("No latency bucket " + index + " of count " + count);
            }
            counts[index] = count;
        });
        return new LatencyBuckets(counts);
    }

    /** The bucket of a latency. */
    static int indexOf(long nanos) {
        double micros = Math.max(1.0, nanos / 1000.0);
        return (int) Math.min(BUCKETS - 1, Math.ceil(Math.log(micros) / LOG_GROWTH));
    }

    /** A recorder that threads add to without a lock; {@link Recorder#snapshot()} reads it. */
    public static final class Recorder {
        private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

        public void record(long nanos) {
            counts.incrementAndGet(indexOf(nanos));
        }

        public LatencyBuckets snapshot() {
            long[] copy = new long[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) {
                copy[i] = counts.get(i);
            }
            return new LatencyBuckets(copy);
        }
    }

    public LatencyBuckets plus(LatencyBuckets other) {
        long[] sum = counts.clone();
        for (int i = 0; i < BUCKETS; i++) {
            sum[i] += other.counts[i];
        }
        return new LatencyBuckets(sum);
    }

    public long count() {
        return Arrays.stream(counts).sum();
    }

    /** The q-quantile (0..1) in milliseconds, two decimals; null when nothing was recorded. */
    public Double quantileMillis(double q) {
        long total = count();
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        int index = BUCKETS - 1;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                index = i;
                break;
            }
        }
        double upper = Math.pow(GROWTH, index);
        double lower = index == 0 ? 0 : upper / GROWTH;
        double micros = (lower + upper) / 2;
        return Math.round(micros / 10.0) / 100.0;
    }

    /** The buckets that hold anything, by index. */
    public Map<Integer, Long> sparse() {
        Map<Integer, Long> sparse = new TreeMap<>();
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] != 0) {
                sparse.put(i, counts[i]);
            }
        }
        return sparse;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyBuckets other && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "LatencyBuckets" + sparse();
    }
}
