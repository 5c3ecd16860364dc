package io.daeploy.manager.metrics;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** What this manager's gateway counted of one shadow's copies, as they happen; {@link #figures()} reads it. */
public final class ShadowTally {

    private final String version;
    private final AtomicLong mirrored = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong differed = new AtomicLong();
    private final AtomicLong noise = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedAsleep = new AtomicLong();
    private final LatencyBuckets.Recorder mainLatency = new LatencyBuckets.Recorder();
    private final LatencyBuckets.Recorder shadowLatency = new LatencyBuckets.Recorder();
    private final Deque<Map<String, Object>> differences = new ArrayDeque<>();

    public ShadowTally(String version) {
        this.version = version;
    }

    public void dropped() {
        dropped.incrementAndGet();
    }

    public void droppedAsleep() {
        dropped.incrementAndGet();
        droppedAsleep.incrementAndGet();
    }

    public void failed() {
        mirrored.incrementAndGet();
        errors.incrementAndGet();
    }

    /** A copy compared: how long the main and the shadow took. */
    public void compared(long mainNanos, long shadowNanos) {
        mirrored.incrementAndGet();
        mainLatency.record(mainNanos);
        shadowLatency.record(shadowNanos);
    }

    /** @param noiseLeftOut it matched only because the fields that differed were left out */
    public void matched(boolean noiseLeftOut) {
        matched.incrementAndGet();
        if (noiseLeftOut) {
            noise.incrementAndGet();
        }
    }

    /** It differed: an example of how, kept among the newest. */
    public void differed(Map<String, Object> example) {
        differed.incrementAndGet();
        synchronized (differences) {
            differences.addFirst(Collections.unmodifiableMap(new LinkedHashMap<>(example))); // values may be null
            while (differences.size() > ShadowFigures.RECENT_DIFFERENCES) {
                differences.removeLast();
            }
        }
    }

    public ShadowFigures figures() {
        List<Map<String, Object>> recent;
        synchronized (differences) {
            recent = List.copyOf(differences);
        }
        return new ShadowFigures(version, mirrored.get(), matched.get(), differed.get(), noise.get(), errors.get(),
                                 dropped.get(), droppedAsleep.get(), mainLatency.snapshot(), shadowLatency.snapshot(), recent);
    }
}
