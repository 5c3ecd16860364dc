package io.daeploy.manager.gateway;

import io.daeploy.manager.core.compare.AnswerComparison;
import io.daeploy.manager.metrics.ShadowTally;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;

/**
 * One shadow version as the mirror sees it: how many copies it may have in flight, and how its answers compare with
 * the main's, counted in its {@link ShadowTally}. This is the evidence a user looks at before making the shadow the main.
 */
final class ShadowStats {

    private static final int SHOWN_BODY = 500;

    private final Semaphore inFlight;
    private final ShadowTally tally;

    ShadowStats(ShadowTally tally, int maxInFlight) {
        this.tally = tally;
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** Takes a place for one more copy in flight; false when the shadow is at its bound. */
    boolean tryStart() {
        if (inFlight.tryAcquire()) {
            return true;
        }
        tally.dropped();
        return false;
    }

    void finished() {
        inFlight.release();
    }

    void dropped() {
        tally.dropped();
    }

    void droppedAsleep() {
        tally.droppedAsleep();
    }

    void failed() {
        tally.failed();
    }

    /** Counts the copy's answer as matched or differed, leaving out the fields named; true when it matched. */
    boolean compare(ProxyForwarder.Forwarded main, ProxyForwarder.Forwarded shadow, Predicate<String> leftOut) {
        tally.compared(main.nanos(), shadow.nanos());
        AnswerComparison.Verdict verdict = AnswerComparison.compare(answer(main), answer(shadow), leftOut);
        if (verdict.same()) {
            tally.matched(verdict.noise());
            return true;
        }
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("at", Instant.now().toString());
        example.put("method", main.request().method().text());
        example.put("path", main.request().target());
        example.put("mainStatus", main.status());
        example.put("shadowStatus", shadow.status());
        example.put("fields", verdict.fields());
        example.put("mainBody", shown(main.body()));
        example.put("shadowBody", shown(shadow.body()));
        tally.differed(example);
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

    private static String shown(byte[] body) {
        if (body == null) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= SHOWN_BODY ? text : text.substring(0, SHOWN_BODY) + "…";
    }
}
