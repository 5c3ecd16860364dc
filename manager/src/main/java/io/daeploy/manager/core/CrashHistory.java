package io.daeploy.manager.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Recent crashes of one version, to decide how long to wait before the next restart and when to
 * give up: a service that keeps crashing is marked failed instead of restarted forever.
 */
final class CrashHistory {

    static final int MAX_RESTARTS = 5;
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    private static final Duration MAX_DELAY = Duration.ofSeconds(30);

    private final Deque<Instant> crashes = new ArrayDeque<>();

    /** Records a crash now; returns how many crashes fall within the window, this one included. */
    synchronized int record(Instant now) {
        crashes.addLast(now);
        while (!crashes.isEmpty() && crashes.peekFirst().isBefore(now.minus(WINDOW))) {
            crashes.removeFirst();
        }
        return crashes.size();
    }

    /** 1 s, 2 s, 4 s, ... capped at 30 s. */
    static Duration delayBefore(int attempt) {
        long millis = FIRST_DELAY.toMillis() << Math.min(attempt - 1, 10);
        return Duration.ofMillis(Math.min(millis, MAX_DELAY.toMillis()));
    }
}
