package io.daeploy.manager.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after 5 failed logins for one user name, that name is refused
 * for 30 s, doubling with every further failure up to 15 minutes. A good login clears it.
 * Failures are forgotten 15 minutes after the last one (or after the lock ends), so that guessing
 * at many names does not fill the memory; beyond {@value #MAX_NAMES} names, those not locked are
 * dropped first.
 */
final class LoginThrottle {

    static final int FREE_ATTEMPTS = 5;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);
    static final int MAX_NAMES = 10_000;

    private record Failures(int count, Instant last, Instant lockedUntil) {

        boolean lockedAt(Instant now) {
            return lockedUntil.isAfter(now);
        }

        /** Nothing to remember any more: quiet for {@link #MAX_LOCK} since the last failure and the end of the lock. */
        boolean forgottenAt(Instant now) {
            Instant quietSince = lockedUntil.isAfter(last) ? lockedUntil : last;
            return !quietSince.plus(MAX_LOCK).isAfter(now);
        }
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    /** How long the name is still locked, if it is. */
    Optional<Duration> lockedFor(String user, Instant now) {
        Failures f = failures.get(user);
        if (f == null || !f.lockedAt(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.lockedUntil()));
    }

    void failed(String user, Instant now) {
        forgetOld(now);
        failures.compute(user, (k, f) -> {
            int count = f == null || f.forgottenAt(now) ? 1 : f.count() + 1;
            if (count < FREE_ATTEMPTS) {
                return new Failures(count, now, Instant.MIN);
            }
            long factor = 1L << Math.min(count - FREE_ATTEMPTS, 10);
            Duration lock = FIRST_LOCK.multipliedBy(factor);
            return new Failures(count, now, now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock));
        });
    }

    void succeeded(String user) {
        failures.remove(user);
    }

    /** How many names are remembered. */
    int size() {
        return failures.size();
    }

    /**
     * A scan per failed login: cheap beside the password hash every login costs. The names still locked stay
     * even past the cap, else flooding the throttle with new names would unlock the one being guessed; their
     * number is bounded by how many hashes the manager can compute in 15 minutes.
     */
    private void forgetOld(Instant now) {
        failures.values().removeIf(f -> f.forgottenAt(now));
        if (failures.size() >= MAX_NAMES) {
            failures.values().removeIf(f -> !f.lockedAt(now));
        }
    }
}
