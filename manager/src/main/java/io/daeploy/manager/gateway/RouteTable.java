package io.daeploy.manager.gateway;

import io.daeploy.common.Status;

import java.net.URI;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code /services/<segment>/...} goes. Replaced as a whole on every change, so a request
 * always sees one consistent snapshot (switching main is atomic for traffic).
 */
public final class RouteTable {

    /** One version as the gateway needs it; {@code endpoint} is null while nothing listens. */
    public record Target(String name, String version, boolean main, Status status, String reason, URI endpoint) {

        public String qualifiedName() {
            return name + "_" + version;
        }
    }

    private record Snapshot(Map<String, Target> byQualifiedName, Map<String, Target> mainByName) {
    }

    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());

    public void replace(Collection<Target> targets) {
        Map<String, Target> byQualified = new HashMap<>();
        Map<String, Target> mains = new HashMap<>();
        for (Target target : targets) {
            byQualified.put(target.qualifiedName(), target);
            if (target.main()) {
                mains.put(target.name(), target);
            }
        }
        snapshot = new Snapshot(Map.copyOf(byQualified), Map.copyOf(mains));
    }

    /** {@code hello_1.0.0} names that version; {@code hello} names the main version of hello. */
    public Optional<Target> resolve(String segment) {
        Snapshot current = snapshot;
        Target exact = current.byQualifiedName().get(segment);
        return exact != null ? Optional.of(exact) : Optional.ofNullable(current.mainByName().get(segment));
    }
}
