package io.daeploy.manager.store;

import java.time.Instant;

/**
 * A rollout as the store keeps it.
 *
 * @param plan         the plan, as JSON
 * @param phase        shadow, canary (both under way), promoted, rolled_back or aborted
 * @param step         the canary step (an index into the plan's weights)
 * @param failures     failed judgements so far
 * @param previousMain the main when the rollout started
 * @param reason       why it ended, when it did
 * @param history      what happened, as a JSON array
 */
public record RolloutRecord(String name, String version, String plan, String phase, int step, boolean paused, int failures,
                            String previousMain, Instant started, Instant updated, String reason, String history) {

    public boolean underWay() {
        return phase.equals("shadow") || phase.equals("canary");
    }
}
