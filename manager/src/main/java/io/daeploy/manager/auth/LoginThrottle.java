package io.daeploy.manager.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after 5 failed logins for one user name, that name is refused
 * for 30 s, doubling with every further failure up to 15 minutes. A good login clears it.
 */
final class LoginThrottle {

    private static final int FREE_ATTEMPTS = 5;
    private static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    private static final Duration MAX_LOCK = Duration.ofMinutes(15);

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    /** How long the name is still locked, if it is. */
    Optional<Duration> lockedFor(String user, Instant now) {
        Failures f = failures.get(user);
        if (f == null || !f.lockedUntil().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.lockedUntil()));
    }

    void failed(String user, Instant now) {
        failures.compute(user, (k, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            if (count < FREE_ATTEMPTS) {
                return new Failures(count, Instant.MIN);
            }
            long factor = 1L << Math.min(count - FREE_ATTEMPTS, 10);
            Duration lock = FIRST_LOCK.multipliedBy(factor);
            return new Failures(count, now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock));
        });
    }

    void succeeded(String user) {
        failures.remove(user);
    }
}
