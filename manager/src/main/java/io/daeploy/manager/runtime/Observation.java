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
 */
public record Observation(State state, List<URI> endpoints, String ref) {

    public enum State { ABSENT, STARTING, READY }

    public static final Observation ABSENT = new Observation(State.ABSENT, List.of(), null);

    public Observation {
        endpoints = List.copyOf(endpoints);
    }

    public static Observation starting(String ref) {
        return new Observation(State.STARTING, List.of(), ref);
    }

    public static Observation ready(List<URI> endpoints, String ref) {
        return new Observation(State.READY, endpoints, ref);
    }
}
