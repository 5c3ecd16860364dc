package io.daeploy.manager.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Slows down password guessing: after 5 failed logins for one user name, that name is refused
 * for 30 s, doubling with every further failure up to 15 minutes. A good login clears it.
 * The failures are kept in the database ({@link LoginFailures}), so that every manager on it counts the same ones:
 * N managers do not allow N times the guesses. Failures are forgotten 15 minutes after the last one (or after the
 * lock ends), so that guessing at many names does not fill the table; beyond {@value #MAX_NAMES} names, those not
 * locked are dropped first.
 */
final class LoginThrottle {

    static final int FREE_ATTEMPTS = 5;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);
    static final int MAX_NAMES = 10_000;
    /** Longer names cannot be users ({@link UserService}), so a guess at one can never succeed: nothing to count. */
    private static final int LONGEST_NAME = 63;
    /** Compare-and-set attempts of one failure; each lost attempt means another manager counted one meanwhile. */
    private static final int ATTEMPTS = 100;

    /** The failures of one name; {@code lockedUntil} empty when they never reached a lock. */
    record Failures(int count, Instant last, Optional<Instant> lockedUntil) {

        boolean lockedAt(Instant now) {
            return lockedUntil.filter(until -> until.isAfter(now)).isPresent();
        }

        /** When there is nothing to remember any more: {@link #MAX_LOCK} after the last failure and the end of the lock. */
        Instant forgetAfter() {
            Instant quietSince = lockedUntil.filter(until -> until.isAfter(last)).orElse(last);
            return quietSince.plus(MAX_LOCK);
        }

        /** The failures with one more at {@code now}. */
        static Failures oneMore(Optional<Failures> before, Instant now) {
            int count = before.filter(f -> f.forgetAfter().isAfter(now)).map(f -> f.count() + 1).orElse(1);
            if (count < FREE_ATTEMPTS) {
                return new Failures(count, now, Optional.empty());
            }
            long factor = 1L << Math.min(count - FREE_ATTEMPTS, 10);
            Duration lock = FIRST_LOCK.multipliedBy(factor);
            return new Failures(count, now, Optional.of(now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock)));
        }
    }

    private final LoginFailures stored;
    private final int maxNames;

    LoginThrottle(LoginFailures stored) {
        this(stored, MAX_NAMES);
    }

    /** @param maxNames from how many names on those not locked are dropped */
    LoginThrottle(LoginFailures stored, int maxNames) {
        this.stored = stored;
        this.maxNames = maxNames;
    }

    /** How long the name is still locked, if it is. */
    Optional<Duration> lockedFor(String user, Instant now) {
        if (user.length() > LONGEST_NAME) {
            return Optional.empty();
        }
        return stored.read(user).map(LoginFailures.Row::failures).filter(f -> f.lockedAt(now))
                .map(f -> Duration.between(now, f.lockedUntil().orElseThrow()));
    }

    /**
     * Counts a failure: one statement that names the revision it read, repeated on top of the new one when another
     * manager counted a failure of the same name in between, so that none is lost.
     */
    void failed(String user, Instant now) {
        if (user.length() > LONGEST_NAME) {
            return;
        }
        forgetOld(now);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<LoginFailures.Row> row = stored.read(user);
            Failures next = Failures.oneMore(row.map(LoginFailures.Row::failures), now);
            if (row.isEmpty() ? stored.insert(user, next) : stored.replace(user, row.get().revision(), next)) {
                return;
            }
        }
        throw new IllegalStateException("Cannot count a failed login of " + user + ": " + ATTEMPTS + " others came first");
    }

    void succeeded(String user) {
        if (user.length() <= LONGEST_NAME) {
            stored.delete(user);
        }
    }

    /** How many names are remembered. */
    int size() {
        return stored.count();
    }

    /**
     * Statements per failed login: cheap beside the password hash every login costs. The names still locked stay
     * even past the cap, else flooding the throttle with new names would unlock the one being guessed; their
     * number is bounded by how many hashes the managers can compute in 15 minutes.
     */
    private void forgetOld(Instant now) {
        stored.forget(now);
        if (stored.count() >= maxNames) {
            stored.dropUnlocked(now);
        }
    }
}
