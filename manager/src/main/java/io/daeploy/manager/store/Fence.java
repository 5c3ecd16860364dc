package io.daeploy.manager.store;

/**
 * What a leader's writes carry: the lease it held when it decided them. A write under a fence reaches the database
 * only while that lease is still the one in the database, so a deposed leader (paused past its lease, cut off, slow)
 * changes nothing there.
 *
 * @param holder     the manager that holds the lease
 * @param generation the lease's generation, grown at every change of holder
 */
public record Fence(String holder, long generation) {

    /** The condition a fenced statement adds, with {@link #holder} and {@link #generation} as its two parameters. */
    static final String STILL_HELD = "EXISTS (SELECT 1 FROM leader_lease WHERE id = 1 AND holder = ? AND generation = ?)";
}
