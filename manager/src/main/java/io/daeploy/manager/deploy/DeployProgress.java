package io.daeploy.manager.deploy;

/**
 * Where a deploy reports its steps as they happen (stored, image layers built, pushed, started, healthy),
 * so that the user who runs {@code mvn daeploy:deploy} sees them and not only the manager's log.
 * Implementations must never fail the deploy: a reader that went away just stops getting steps.
 */
@FunctionalInterface
public interface DeployProgress {

    /** For work no user watches: restarts and reconciliation. */
    DeployProgress NONE = step -> { };

    void step(String message);
}
