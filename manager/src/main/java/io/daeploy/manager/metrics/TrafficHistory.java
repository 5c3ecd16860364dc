package io.daeploy.manager.metrics;

import io.daeploy.common.ServiceVersion;
import io.daeploy.manager.core.rollout.TrafficFigures;
import io.daeploy.manager.core.rollout.VersionTraffic;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The recent past of each version's traffic, for the dashboard's charts: every sample period it reads the cumulative
 * figures the gateway records and keeps what happened since the previous reading, as far back as {@link #KEPT}.
 * Only the difference of two readings means something, so a version's first reading yields no point.
 */
public final class TrafficHistory implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TrafficHistory.class.getName());

    /** How far back the charts look. */
    public static final Duration KEPT = Duration.ofMinutes(15);

    /**
     * What a version did in one sample period ending at {@code at}. The error rate and the latencies are null when no
     * request was answered in it: there was nothing to measure, which is not the same as zero.
     */
    public record Point(Instant at, double requestsPerSecond, Double errorPercent, Double p50Ms, Double p99Ms) {
    }

    private final TrafficFigures figures;
    private final Supplier<List<ServiceVersion>> versions;
    private final Clock clock;
    private final Duration period;
    private final int capacity;
    /** By {@code name_version}; guarded by this. */
    private final Map<String, Track> tracks = new HashMap<>();
    private ScheduledExecutorService sampler;

    /**
     * @param figures  the gateway's cumulative figures per version
     * @param versions the versions that exist now; those no longer listed are forgotten
     * @param clock    when a sample is taken
     * @param period   how often {@link #startSampling()} samples
     */
    public TrafficHistory(TrafficFigures figures, Supplier<List<ServiceVersion>> versions, Clock clock, Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("The sample period must be positive, got " + period);
        }
        this.figures = figures;
        this.versions = versions;
        this.clock = clock;
        this.period = period;
        this.capacity = (int) Math.max(1, KEPT.toMillis() / period.toMillis());
    }

    public Duration period() {
        return period;
    }

    /** Samples every period on a thread of its own, until closed. */
    public synchronized void startSampling() {
        sampler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("daeploy-traffic-history").daemon().factory());
        sampler.scheduleWithFixedDelay(this::sampleQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads every listed version's figures now and keeps the difference with its previous reading. */
    public synchronized void sample() {
        Instant now = clock.instant();
        Set<String> listed = new HashSet<>();
        for (ServiceVersion version : versions.get()) {
            listed.add(version.qualifiedName());
            VersionTraffic reading = figures.of(version.name(), version.version());
            Track track = tracks.get(version.qualifiedName());
            if (track == null) {
                tracks.put(version.qualifiedName(), new Track(now, reading));
            } else {
                track.add(now, reading, capacity);
            }
        }
        tracks.keySet().retainAll(listed);
    }

    /** A version's points, oldest first; none for a version not sampled yet. */
    public synchronized List<Point> points(String name, String version) {
        Track track = tracks.get(name + "_" + version);
        return track == null ? List.of() : List.copyOf(track.points);
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // the next sample tries again; the charts only miss a point
            LOG.warning(() -> "Could not sample the traffic figures now: " + e);
        }
    }

    @Override
    public synchronized void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    /** One version's last reading and the points between its readings. */
    private static final class Track {
        private final ArrayDeque<Point> points = new ArrayDeque<>();
        private Instant lastAt;
        private VersionTraffic last;

        Track(Instant at, VersionTraffic reading) {
            this.lastAt = at;
            this.last = reading;
        }

        void add(Instant at, VersionTraffic reading, int capacity) {
            VersionTraffic window = reading.minus(last);
            double seconds = Duration.between(lastAt, at).toNanos() / 1e9;
            lastAt = at;
            last = reading;
            if (seconds <= 0 || window.requests() < 0) {
                return; // no time passed, or the counters started again: this reading is only a new start
            }
            points.addLast(point(at, window, seconds));
            Instant oldest = at.minus(KEPT);
            while (points.size() > capacity || points.getFirst().at().isBefore(oldest)) {
                points.removeFirst();
            }
        }

        private static Point point(Instant at, VersionTraffic window, double seconds) {
            double perSecond = window.requests() / seconds;
            if (window.requests() == 0) {
                return new Point(at, perSecond, null, null, null);
            }
            return new Point(at, perSecond, window.errorPercent(), millis(window.latency().quantile(0.5)),
                             millis(window.latency().quantile(0.99)));
        }

        /** Null when the histogram holds no timed request (a 503 for a version not serving is counted, not timed). */
        private static Double millis(double seconds) {
            return Double.isNaN(seconds) ? null : seconds * 1000;
        }
    }
}
