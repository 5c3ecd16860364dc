package io.daeploy.manager.core;

import io.daeploy.common.Status;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where {@code /services/<segment>/...} goes. Replaced as a whole on every change, so a request always sees one
 * consistent snapshot (switching main is atomic for traffic).
 */
public final class RouteTable {

    /** One version as the gateway needs it: its state and its ready endpoints (empty while none is ready). */
    public static final class Target {
        private final String name;
        private final String version;
        private final boolean main;
        private final Status status;
        private final String reason;
        private final List<URI> endpoints;
        private final AtomicInteger next = new AtomicInteger();

        public Target(String name, String version, boolean main, Status status, String reason, List<URI> endpoints) {
            this.name = name;
            this.version = version;
            this.main = main;
            this.status = status;
            this.reason = reason;
            this.endpoints = List.copyOf(endpoints);
        }

        public String name() {
            return name;
        }

        public String version() {
            return version;
        }

        public boolean main() {
            return main;
        }

        public Status status() {
            return status;
        }

        public String reason() {
            return reason;
        }

        public List<URI> endpoints() {
            return endpoints;
        }

        public String qualifiedName() {
            return name + "_" + version;
        }

        /** Whether requests can go to it: running, with an endpoint that answers its health check. */
        public boolean serving() {
            return status == Status.RUNNING && !endpoints.isEmpty();
        }

        /** The endpoint for the next request, spreading requests over several; null when none is ready. */
        public URI endpoint() {
            int size = endpoints.size();
            if (size <= 1) {
                return size == 0 ? null : endpoints.get(0);
            }
            return endpoints.get(Math.floorMod(next.getAndIncrement(), size));
        }
    }

    /** Where one request goes: the answering version, and the shadows that get a copy. */
    public record Route(Target target, List<Target> shadows) {
    }

    private record Snapshot(Map<String, Target> byQualifiedName, Map<String, Target> mainByName,
                            Map<String, List<Target>> shadowsByName) {
    }

    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), Map.of());

    public void replace(Collection<Target> targets) {
        Map<String, Target> byQualified = new HashMap<>();
        Map<String, Target> mains = new HashMap<>();
        Map<String, List<Target>> shadows = new HashMap<>();
        for (Target target : targets) {
            byQualified.put(target.qualifiedName(), target);
            if (target.main()) {
                mains.put(target.name(), target);
            } else if (target.serving()) {
                // only a healthy shadow gets mirrored traffic
                shadows.computeIfAbsent(target.name(), n -> new ArrayList<>()).add(target);
            }
        }
        shadows.replaceAll((name, list) -> List.copyOf(list));
        snapshot = new Snapshot(Map.copyOf(byQualified), Map.copyOf(mains), Map.copyOf(shadows));
    }

    /**
     * {@code hello_1.0.0} names that version alone; {@code hello} names the main version of hello,
     * with its running shadows.
     */
    public Optional<Route> resolve(String segment) {
        Snapshot current = snapshot;
        Target exact = current.byQualifiedName().get(segment);
        if (exact != null) {
            return Optional.of(new Route(exact, List.of()));
        }
        Target main = current.mainByName().get(segment);
        return main == null ? Optional.empty()
                : Optional.of(new Route(main, current.shadowsByName().getOrDefault(segment, List.of())));
    }
}
