package io.daeploy.manager.gateway;

import io.daeploy.manager.core.RouteTable;
import io.daeploy.manager.core.compare.AnswerComparison;
import io.daeploy.manager.core.compare.Comparisons;
import io.daeploy.manager.metrics.TrafficMetrics;
import io.daeploy.manager.metrics.TrafficMetrics.CopyOutcome;
import io.daeploy.manager.metrics.TrafficMetrics.Role;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Sends copies of main-version traffic to the shadows, after the main has answered and off the
 * caller's thread, so that a shadow never changes the main's response, status or latency. Copies
 * over the in-flight bound of a shadow, or with a body too large to keep, are dropped and counted. Where a name's rule
 * asks for noise detection, a sample of the main's requests goes to the main a second time first: the fields in which
 * its two answers differ are noise, left out of the comparisons.
 */
public final class ShadowMirror {

    /**
     * Each copy runs on a virtual thread of its own: starting one needs no wake-up of another thread, and the
     * virtual thread waits for the shadow's answer without holding a thread. Measured in bench/shadow.sh against
     * a pool of platform threads: about 15 µs less manager CPU per mirrored request.
     */
    private static final ThreadFactory COPIES = Thread.ofVirtual().name("daeploy-mirror-", 0).factory(); // a factory is thread-safe, a builder is not

    private final ProxyForwarder forwarder;
    private final int maxInFlightPerShadow;
    private final int maxBodyBytes;
    private final TrafficMetrics metrics;
    private final Comparisons comparisons;
    private final Map<String, ShadowStats> stats = new ConcurrentHashMap<>();
    private final Map<String, NoiseSampler> samplers = new ConcurrentHashMap<>();

    /** A mirror that compares every field of every answer, recording no figures (the gateway's own tests). */
    public ShadowMirror(ProxyForwarder forwarder, int maxInFlightPerShadow, int maxBodyBytes) {
        this(forwarder, maxInFlightPerShadow, maxBodyBytes, TrafficMetrics.off(), null);
    }

    /** @param comparisons each name's comparison rule; null: every field compared, no noise detected */
    public ShadowMirror(ProxyForwarder forwarder, int maxInFlightPerShadow, int maxBodyBytes, TrafficMetrics metrics,
                        Comparisons comparisons) {
        this.forwarder = forwarder;
        this.maxInFlightPerShadow = maxInFlightPerShadow;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
        this.comparisons = comparisons;
    }

    /** Copies of a request that {@code answering} answered, to the shadows; first a noise sample where one is due. */
    public void mirror(RouteTable.Target answering, List<RouteTable.Target> shadows, ProxyForwarder.Forwarded main) {
        if (comparisons != null && answering.main() && main.status() != 0 && main.request().mirrorable()
                && comparisons.ruleOf(answering.name()).detectNoise()) {
            NoiseSampler sampler = samplers.computeIfAbsent(answering.name(), n -> new NoiseSampler(maxInFlightPerShadow));
            if (sampler.due()) {
                COPIES.newThread(() -> {
                    try {
                        learnNoise(answering, main);
                    } finally {
                        sampler.finished();
                        copy(shadows, main);
                    }
                }).start();
                return;
            }
        }
        copy(shadows, main);
    }

    private void learnNoise(RouteTable.Target main, ProxyForwarder.Forwarded first) {
        URI endpoint = main.endpoint();
        if (endpoint == null) {
            return;
        }
        try {
            ProxyForwarder.Forwarded second = forwarder.mirror(first.request(), endpoint);
            Predicate<String> ignored = comparisons.leftOut(main.name());
            comparisons.noiseOf(main.name()).learn(AnswerComparison.noiseBetween(ShadowStats.answer(first),
                    ShadowStats.answer(second), ignored));
        } catch (Exception e) {
            // a sample that failed teaches nothing; the copies go on
        }
    }

    private Predicate<String> leftOut(String name) {
        return comparisons == null ? pointer -> false : comparisons.leftOut(name);
    }

    /** A request whose copies the shadows do not get while they are idle (scale to zero): a copy never wakes them. */
    public void asleep(List<RouteTable.Target> shadows) {
        for (RouteTable.Target shadow : shadows) {
            statsOf(shadow).droppedAsleep();
            metrics.copied(shadow, CopyOutcome.DROPPED);
        }
    }

    private void copy(List<RouteTable.Target> shadows, ProxyForwarder.Forwarded main) {
        for (RouteTable.Target shadow : shadows) {
            ShadowStats shadowStats = statsOf(shadow);
            byte[] body = main.request().body();
            boolean tooLarge = !main.request().mirrorable() || (body != null && body.length > maxBodyBytes);
            if (tooLarge || main.status() == 0) {
                shadowStats.dropped();
                metrics.copied(shadow, CopyOutcome.DROPPED);
                continue;
            }
            if (!shadowStats.tryStart()) {
                metrics.copied(shadow, CopyOutcome.DROPPED);
                continue;
            }
            COPIES.newThread(() -> {
                try {
                    ProxyForwarder.Forwarded copy = forwarder.mirror(main.request(), shadow.endpoint());
                    boolean matched = shadowStats.compare(main, copy, leftOut(shadow.name()));
                    metrics.answered(shadow, Role.SHADOW, copy.status(), copy.nanos());
                    metrics.copied(shadow, matched ? CopyOutcome.MATCHED : CopyOutcome.DIFFERED);
                } catch (Exception e) {
                    shadowStats.failed();
                    metrics.copied(shadow, CopyOutcome.ERROR);
                } finally {
                    shadowStats.finished();
                }
            }).start();
        }
    }

    /**
     * The comparison figures of every shadow of a name, by version: what this manager counted and what the other managers
     * on its database did.
     */
    public List<Map<String, Object>> report(String name, List<String> shadowVersions) {
        return shadowVersions.stream().map(version -> metrics.shadowFigures(name, version).report()).toList();
    }

    /** Forgets a version's figures: it was killed, or it became the main. */
    public void forget(String name, String version) {
        stats.remove(name + "_" + version);
        metrics.forgetShadow(name, version);
    }

    /**
     * When a name's main is asked again: each of the first requests, so that noise is known before copies are judged,
     * then one in ten; never more at once than a shadow gets copies.
     */
    private static final class NoiseSampler {
        private static final int FIRST = 20;
        private static final int EVERY = 10;
        private final AtomicLong seen = new AtomicLong();
        private final Semaphore inFlight;

        NoiseSampler(int maxInFlight) {
            this.inFlight = new Semaphore(Math.max(1, maxInFlight));
        }

        boolean due() {
            long n = seen.incrementAndGet();
            return (n <= FIRST || n % EVERY == 0) && inFlight.tryAcquire();
        }

        void finished() {
            inFlight.release();
        }
    }

    private ShadowStats statsOf(RouteTable.Target shadow) {
        return stats.computeIfAbsent(shadow.qualifiedName(),
                q -> new ShadowStats(metrics.shadowTally(shadow.name(), shadow.version()), maxInFlightPerShadow));
    }

}
