package io.daeploy.manager.runtime;

import java.net.URI;
import java.util.List;

/**
 * What a runtime sees of one version now.
 *
 * @param state     absent (nothing runs), starting (launched, not ready) or ready
 * @param endpoints where its ready instances answer; empty unless ready
 * @param ref       the runtime's own reference to what runs (a pid and port, a container id), kept by the manager
 *                  so that the runtime finds it again after a manager restart; only the runtime reads it
 * @param revision  which code of the version runs ({@link VersionSpec#revision}); {@link #ANY_REVISION} where the
 *                  runtime does not tell
 */
public record Observation(State state, List<URI> endpoints, String ref, int revision) {

    public enum State { ABSENT, STARTING, READY }

    /** A runtime that does not tell which code runs. */
    public static final int ANY_REVISION = -1;

    public static final Observation ABSENT = new Observation(State.ABSENT, List.of(), null, ANY_REVISION);

    public Observation {
        endpoints = List.copyOf(endpoints);
    }

    public Observation(State state, List<URI> endpoints, String ref) {
        this(state, endpoints, ref, ANY_REVISION);
    }

    public static Observation starting(String ref) {
        return new Observation(State.STARTING, List.of(), ref);
    }

    public static Observation ready(List<URI> endpoints, String ref) {
        return new Observation(State.READY, endpoints, ref);
    }

    public static Observation ready(List<URI> endpoints, String ref, int revision) {
        return new Observation(State.READY, endpoints, ref, revision);
    }

    /** Whether it runs other code than {@code revision}. */
    public boolean runsOtherThan(int wanted) {
        return state == State.READY && revision != ANY_REVISION && revision != wanted;
    }
}
