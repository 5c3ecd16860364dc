package io.daeploy.manager.store;

/**
 * A write under a {@link Fence} that the database refused: another manager holds the lease now. The writer is a deposed
 * leader, and must do nothing more.
 */
public final class LeaseLost extends RuntimeException {

    public LeaseLost(Fence fence) {
        super("This manager (" + fence.holder() + ") lost the leader's lease (generation " + fence.generation()
                + "): another manager leads now", null, false, false);
    }
}
