package io.daeploy.manager.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Decides what happens to a version whose instance crashed, where the runtime does not restart it itself: start it
 * again after a back-off (1 s, 2 s, 4 s, ... at most 30 s), or give up after {@link CrashHistory#MAX_RESTARTS}
 * crashes within 10 minutes. While a version waits out its back-off, the reconciler leaves it alone.
 */
public final class Supervisor implements AutoCloseable {

    /** What to do about a crash. */
    public sealed interface Decision {
        /** Start it again once {@code delay} has passed; this is restart {@code attempt}. */
        record Restart(int attempt, Duration delay) implements Decision {
        }

        /** It crashed {@code crashes} times within the window: no more restarts. */
        record GiveUp(int crashes) implements Decision {
        }
    }

    private final Clock clock;
    private final Map<String, CrashHistory> crashes = new ConcurrentHashMap<>();
    private final Map<String, Instant> holdUntil = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("daeploy-restart-timers").daemon().factory());
    private final IntFunction<Duration> delays;
    private volatile Consumer<String> wake = qualifiedName -> { };

    public Supervisor(Clock clock) {
        this(clock, CrashHistory::delayBefore);
    }

    /** @param delays how long to wait before restart n (1, 2, ...); shorter in tests */
    Supervisor(Clock clock, IntFunction<Duration> delays) {
        this.clock = clock;
        this.delays = delays;
    }

    /** Who is told when a version's back-off is over (the reconciler, which then starts it). */
    void onWake(Consumer<String> listener) {
        this.wake = listener;
    }

    public Decision crashed(String qualifiedName) {
        Instant now = clock.instant();
        int attempt = crashes.computeIfAbsent(qualifiedName, k -> new CrashHistory()).record(now);
        if (attempt > CrashHistory.MAX_RESTARTS) {
            holdUntil.remove(qualifiedName);
            return new Decision.GiveUp(attempt);
        }
        Duration delay = delays.apply(attempt);
        holdUntil.put(qualifiedName, now.plus(delay));
        timers.schedule(() -> {
            holdUntil.remove(qualifiedName);
            wake.accept(qualifiedName);
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
        return new Decision.Restart(attempt, delay);
    }

    /** Whether the version waits out a back-off now. */
    public boolean holdsBack(String qualifiedName) {
        return Optional.ofNullable(holdUntil.get(qualifiedName)).map(until -> until.isAfter(clock.instant())).orElse(false);
    }

    /** A version that was killed or deployed anew starts with a clean history. */
    public void forget(String qualifiedName) {
        crashes.remove(qualifiedName);
        holdUntil.remove(qualifiedName);
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
