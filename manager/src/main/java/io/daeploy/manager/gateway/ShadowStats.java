package io.daeploy.manager.gateway;

import io.daeploy.manager.core.compare.AnswerComparison;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * How one shadow version answers compared with the main: counters, latencies and a few recent
 * differences. This is the evidence a user looks at before making the shadow the main.
 */
final class ShadowStats {

    private static final int LATENCY_SAMPLES = 2048;
    private static final int RECENT_DIFFERENCES = 5;
    private static final int SHOWN_BODY = 500;

    private final String version;
    private final Semaphore inFlight;
    private final AtomicLong mirrored = new AtomicLong();
    private final AtomicLong matched = new AtomicLong();
    private final AtomicLong differed = new AtomicLong();
    /** Matched only because the fields that differed were left out (ignored or learned as noise). */
    private final AtomicLong noise = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Of those dropped: while the shadow was idle (scale to zero). */
    private final AtomicLong droppedAsleep = new AtomicLong();
    private final LatencyWindow mainLatency = new LatencyWindow(LATENCY_SAMPLES);
    private final LatencyWindow shadowLatency = new LatencyWindow(LATENCY_SAMPLES);
    private final Deque<Map<String, Object>> differences = new ArrayDeque<>();

    ShadowStats(String version, int maxInFlight) {
        this.version = version;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** Takes a place for one more copy in flight; false when the shadow is at its bound. */
    boolean tryStart() {
        if (inFlight.tryAcquire()) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    void finished() {
        inFlight.release();
    }

    void dropped() {
        dropped.incrementAndGet();
    }

    void droppedAsleep() {
        dropped.incrementAndGet();
        droppedAsleep.incrementAndGet();
    }

    void failed() {
        mirrored.incrementAndGet();
        errors.incrementAndGet();
    }

    /** Counts the copy's answer as matched or differed, leaving out the fields named; true when it matched. */
    boolean compare(ProxyForwarder.Forwarded main, ProxyForwarder.Forwarded shadow, Predicate<String> leftOut) {
        mirrored.incrementAndGet();
        mainLatency.add(main.nanos());
        shadowLatency.add(shadow.nanos());
        AnswerComparison.Verdict verdict = AnswerComparison.compare(answer(main), answer(shadow), leftOut);
        if (verdict.same()) {
            matched.incrementAndGet();
            if (verdict.noise()) {
                noise.incrementAndGet();
            }
            return true;
        }
        differed.incrementAndGet();
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("at", Instant.now().toString());
        example.put("method", main.request().method().text());
        example.put("path", main.request().target());
        example.put("mainStatus", main.status());
        example.put("shadowStatus", shadow.status());
        example.put("fields", verdict.fields());
        example.put("mainBody", shown(main.body()));
        example.put("shadowBody", shown(shadow.body()));
        synchronized (differences) {
            differences.addFirst(example);
            while (differences.size() > RECENT_DIFFERENCES) {
                differences.removeLast();
            }
        }
        return false;
    }

    boolean compare(ProxyForwarder.Forwarded main, ProxyForwarder.Forwarded shadow) {
        return compare(main, shadow, pointer -> false);
    }

    /** Same status, and the same body: as JSON where both are JSON, else byte for byte; unread bodies are not compared. */
    static boolean same(ProxyForwarder.Forwarded main, ProxyForwarder.Forwarded shadow) {
        return AnswerComparison.compare(answer(main), answer(shadow), pointer -> false).same();
    }

    static AnswerComparison.Answer answer(ProxyForwarder.Forwarded forwarded) {
        return new AnswerComparison.Answer(forwarded.status(), forwarded.body(), forwarded.contentType());
    }

    Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("version", version);
        report.put("mirrored", mirrored.get());
        report.put("matched", matched.get());
        report.put("differed", differed.get());
        report.put("matchedOnlyIgnoring", noise.get());
        report.put("errors", errors.get());
        report.put("dropped", dropped.get());
        report.put("droppedWhileIdle", droppedAsleep.get());
        report.put("mainLatencyMs", latencies(mainLatency));
        report.put("shadowLatencyMs", latencies(shadowLatency));
        synchronized (differences) {
            report.put("recentDifferences", List.copyOf(differences));
        }
        return report;
    }

    private static Map<String, Double> latencies(LatencyWindow window) {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("p50", window.quantileMillis(0.50));
        map.put("p99", window.quantileMillis(0.99));
        return map;
    }

    private static String shown(byte[] body) {
        if (body == null) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= SHOWN_BODY ? text : text.substring(0, SHOWN_BODY) + "…";
    }
}
