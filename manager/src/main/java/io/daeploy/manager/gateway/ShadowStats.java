package io.daeploy.manager.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

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
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
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

    void failed() {
        mirrored.incrementAndGet();
        errors.incrementAndGet();
    }

    /** Counts the copy's answer as matched or differed; true when it matched. */
    boolean compare(ProxyForwarder.Forwarded main, ProxyForwarder.Forwarded shadow) {
        mirrored.incrementAndGet();
        mainLatency.add(main.nanos());
        shadowLatency.add(shadow.nanos());
        if (same(main, shadow)) {
            matched.incrementAndGet();
            return true;
        }
        differed.incrementAndGet();
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("at", Instant.now().toString());
        example.put("method", main.request().method().text());
        example.put("path", main.request().target());
        example.put("mainStatus", main.status());
        example.put("shadowStatus", shadow.status());
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

    /** Same status, and the same body: as JSON where both are JSON, else byte for byte; unread bodies are not compared. */
    static boolean same(ProxyForwarder.Forwarded main, ProxyForwarder.Forwarded shadow) {
        if (main.status() != shadow.status()) {
            return false;
        }
        if (main.body() == null || shadow.body() == null || Arrays.equals(main.body(), shadow.body())) {
            return true; // the usual case: equal bytes need no JSON parsing
        }
        if (isJson(main.contentType()) && isJson(shadow.contentType())) {
            try {
                JsonNode a = Json.mapper().readTree(main.body());
                JsonNode b = Json.mapper().readTree(shadow.body());
                return a == null ? b == null : a.equals(b);
            } catch (IOException e) {
                // not really JSON: compare the bytes
            }
        }
        return Arrays.equals(main.body(), shadow.body());
    }

    Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("version", version);
        report.put("mirrored", mirrored.get());
        report.put("matched", matched.get());
        report.put("differed", differed.get());
        report.put("errors", errors.get());
        report.put("dropped", dropped.get());
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

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase().contains("json");
    }

    private static String shown(byte[] body) {
        if (body == null) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= SHOWN_BODY ? text : text.substring(0, SHOWN_BODY) + "…";
    }
}
