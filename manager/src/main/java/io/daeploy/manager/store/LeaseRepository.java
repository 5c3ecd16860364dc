package io.daeploy.manager.store;

import java.util.Optional;

/**
 * The leader's lease, one row: who holds it, until when (epoch milliseconds) and in which generation. Each method is
 * one statement, so two managers racing for it never both win: the database serializes the updates, and the second
 * finds the condition no longer true.
 */
public final class LeaseRepository {

    /** The lease as the database has it. */
    public record Lease(String holder, long generation, long expiresAt) {
    }

    private final Database database;

    public LeaseRepository(Database database) {
        this.database = database;
    }

    /**
     * Takes the lease for {@code holder} until {@code expiresAt} when it is free, expired at {@code now}, or held by the
     * same holder from before (a restarted manager): always with a new generation. Empty when another holds it.
     */
    public Optional<Fence> acquire(String holder, long now, long expiresAt) {
        synchronized (database) {
            int taken = database.update("UPDATE leader_lease SET holder = ?, generation = generation + 1, expires_at = ?"
                    + " WHERE id = 1 AND (holder IS NULL OR expires_at < ? OR holder = ?)", holder, expiresAt, now, holder);
            if (taken == 0) {
                return Optional.empty();
            }
            // none can take it over before it expires: the generation read is the one just written
            return current().filter(lease -> holder.equals(lease.holder()))
                    .map(lease -> new Fence(holder, lease.generation()));
        }
    }

    /** Keeps the lease until {@code expiresAt}; false when it is not held under that fence any more. */
    public boolean renew(Fence fence, long expiresAt) {
        return database.update("UPDATE leader_lease SET expires_at = ? WHERE id = 1 AND holder = ? AND generation = ?",
                               expiresAt, fence.holder(), fence.generation()) == 1;
    }

    /** Gives the lease up at once (a graceful stop): the next manager takes it over without waiting for it to expire. */
    public void release(Fence fence) {
        database.update("UPDATE leader_lease SET expires_at = 0 WHERE id = 1 AND holder = ? AND generation = ?",
                        fence.holder(), fence.generation());
    }

    public Optional<Lease> current() {
        return database.query("SELECT holder, generation, expires_at FROM leader_lease WHERE id = 1",
                row -> new Lease(row.getString("holder"), row.getLong("generation"), row.getLong("expires_at")))
                .stream().findFirst();
    }
}
