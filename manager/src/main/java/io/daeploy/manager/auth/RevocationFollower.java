package io.daeploy.manager.auth;

import io.daeploy.manager.errors.DomainException;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Keeps what this manager remembers about tokens and users in step with the database, where other managers on it
 * revoke tokens, end sessions and remove users. The database is read at most once per {@link #INTERVAL}, by the
 * first request after it; the requests in between are answered from memory, and an idle manager reads nothing.
 * So a revocation made anywhere holds here for every request that comes more than {@link #INTERVAL} after it.
 * While the database is away, what is remembered stays (tokens already verified keep working), and the read is
 * tried again after {@link #INTERVAL}.
 */
final class RevocationFollower {

    static final Duration INTERVAL = Duration.ofMillis(500);
    /**
     * Revocations are read again from a little before the newest one seen: one stamped earlier but committed after
     * that read still counts. Reading one twice changes nothing.
     */
    private static final Duration OVERLAP = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(RevocationFollower.class.getName());

    private final AuthStore store;
    private final Consumer<AuthStore.Revocation> onRevoked;
    /** {@link System#nanoTime()} from which on the next request reads the database. */
    private volatile long nextReadAt;
    private OffsetDateTime newestSeen;
    private boolean away;

    RevocationFollower(AuthStore store, Consumer<AuthStore.Revocation> onRevoked) {
        this.store = store;
        this.onRevoked = onRevoked;
        this.newestSeen = store.databaseNow();
        this.nextReadAt = System.nanoTime() + INTERVAL.toNanos();
    }

    /** Reads what other managers changed, when the last read started longer than {@link #INTERVAL} ago. */
    void catchUp() {
        if (System.nanoTime() - nextReadAt >= 0) {
            read();
        }
    }

    private synchronized void read() {
        long started = System.nanoTime();
        if (started - nextReadAt < 0) {
            return; // another request read it meanwhile
        }
        try {
            for (AuthStore.Revocation revocation : store.revokedAfter(newestSeen.minus(OVERLAP))) {
                onRevoked.accept(revocation);
                if (revocation.at().isAfter(newestSeen)) {
                    newestSeen = revocation.at();
                }
            }
            store.refreshUsers();
            if (away) {
                LOG.info("Following the revocations of other managers again");
                away = false;
            }
        } catch (DomainException e) {
            if (e.kind() != DomainException.Kind.UNAVAILABLE) {
                throw e;
            }
            if (!away) {
                LOG.warning("Cannot read the revocations of other managers while the database is away; tokens already"
                        + " verified keep working: " + e.getMessage());
                away = true;
            }
        } finally {
            nextReadAt = started + INTERVAL.toNanos();
        }
    }
}
