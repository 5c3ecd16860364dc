package io.daeploy.manager.gateway;

import java.util.Arrays;

/** The most recent latencies (a fixed ring), for p50 and p99 without keeping every sample. */
final class LatencyWindow {

    private final long[] nanos;
    private int next;
    private int size;

    LatencyWindow(int capacity) {
        this.nanos = new long[capacity];
    }

    synchronized void add(long value) {
        nanos[next] = value;
        next = (next + 1) % nanos.length;
        size = Math.min(size + 1, nanos.length);
    }

    /** The q-quantile (0..1) in milliseconds, or null when nothing was recorded. */
    synchronized Double quantileMillis(double q) {
        if (size == 0) {
            return null;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int index = (int) Math.min(size - 1, Math.ceil(q * size) - 1);
        return Math.round(sorted[Math.max(0, index)] / 10_000.0) / 100.0;
    }
}
