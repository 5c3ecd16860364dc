package io.daeploy.manager.runtime;

/** Told when a runtime restarted a crashed version on its own (Docker's restart policy), so users hear of it. */
@FunctionalInterface
public interface RestartListener {

    void restarted(String name, String version, int exitCode);
}
