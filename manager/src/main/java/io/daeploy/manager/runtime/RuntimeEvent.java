package io.daeploy.manager.runtime;

import java.net.URI;
import java.util.List;

/**
 * What a runtime reports about a version as it happens. Events only tell the manager to look again (the
 * reconciler then asks {@link ServiceRuntime#observe}); a lost event is healed by the next resync.
 */
public sealed interface RuntimeEvent {

    String qualifiedName();

    /** An instance was launched and is being probed; {@code ref} is how the runtime finds it again. */
    record Started(String qualifiedName, URI endpoint, String ref) implements RuntimeEvent {
    }

    /** The version's instances answer their health check: the gateway may route to these endpoints. */
    record Ready(String qualifiedName, List<URI> endpoints, String ref) implements RuntimeEvent {
    }

    /** The version never became ready (crashed at start-up, timed out, could not be launched); nothing of it runs. */
    record Failed(String qualifiedName, String reason) implements RuntimeEvent {
    }

    /** A ready instance ended and this runtime does not start it again: the manager's supervisor decides. */
    record Exited(String qualifiedName, int exitCode) implements RuntimeEvent {
    }

    /**
     * The runtime restarted a crashed instance itself (Docker's restart policy, Kubernetes).
     *
     * @param detail what the runtime knows of the crash beyond the exit code (its reason, the last lines), or empty
     */
    record Restarted(String qualifiedName, int exitCode, String detail) implements RuntimeEvent {

        public Restarted(String qualifiedName, int exitCode) {
            this(qualifiedName, exitCode, "");
        }
    }

    /**
     * New code of a running version ({@code revision}, a reload) did not become ready; the instance that ran before
     * still serves, and nothing of the new code runs.
     */
    record ReloadFailed(String qualifiedName, int revision, String reason) implements RuntimeEvent {
    }

    /** Something about the version's instances changed (a pod became ready or not, its endpoints moved): look again. */
    record Changed(String qualifiedName) implements RuntimeEvent {
    }
}
