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
import java.util.concurrent.atomic.AtomicLong;

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
        private final Share share;
        private final boolean asleep;
        private final LastRequest lastRequest;
        private final String qualifiedName;
        private final AtomicInteger next = new AtomicInteger();

        public Target(String name, String version, boolean main, Status status, String reason, List<URI> endpoints) {
            this(name, version, main, status, reason, endpoints, Share.NONE);
        }

        public Target(String name, String version, boolean main, Status status, String reason, List<URI> endpoints,
                      Share share) {
            this(name, version, main, status, reason, endpoints, share, false, new LastRequest());
        }

        /**
         * @param asleep      stopped, or being stopped, for being idle: a request must wake it first
         * @param lastRequest when it last got a request, kept from snapshot to snapshot
         */
        public Target(String name, String version, boolean main, Status status, String reason, List<URI> endpoints,
                      Share share, boolean asleep, LastRequest lastRequest) {
            this.asleep = asleep;
            this.lastRequest = lastRequest;
            this.name = name;
            this.version = version;
            this.main = main;
            this.status = status;
            this.reason = reason;
            this.endpoints = List.copyOf(endpoints);
            this.share = share;
            this.qualifiedName = name + "_" + version; // made once: the gateway's figures are looked up by it per request
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
            return qualifiedName;
        }

        /** The share of its name's requests a version other than the main answers. */
        public Share share() {
            return share;
        }

        /** Stopped, or being stopped, for being idle (scale to zero): a request must wake it before it goes there. */
        public boolean asleep() {
            return asleep;
        }

        public LastRequest lastRequest() {
            return lastRequest;
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

    /**
     * A canary's part of its name's requests.
     *
     * @param weight percent of the requests
     * @param sticky a client keeps the version it got until the share changes
     * @param step   changes whenever the share does (the version's generation)
     */
    public record Share(int weight, boolean sticky, long step) {
        public static final Share NONE = new Share(0, false, 0);
    }

    /**
     * Where one request goes: the answering version, the shadows that get a copy, the name's canary (null when it
     * has none that serves), which answers its share of the requests instead of the main, and the shadows that are
     * asleep (scale to zero): a copy is never what wakes them, so theirs are dropped and counted.
     */
    public record Route(Target target, List<Target> shadows, Canary canary, List<Target> asleepShadows) {

        public Route(Target target, List<Target> shadows) {
            this(target, shadows, null, List.of());
        }

        /** The shadows that get a copy of a request the canary answered: all but the canary itself. */
        public List<Target> shadowsBesides(Target answering) {
            return shadows.stream().filter(shadow -> shadow != answering).toList();
        }
    }

    /**
     * A name's canary in one snapshot. Its requests are spread evenly: of every 100 in a row, exactly {@code weight}
     * go to it, so a share is met within any window of requests, not only on average.
     */
    public static final class Canary {
        private final Target target;
        private final AtomicLong counted;

        Canary(Target target, Canary before) {
            this.target = target;
            // a new snapshot for any other change keeps the count, or a share smaller than the changes' pace would starve
            boolean same = before != null && before.target.qualifiedName().equals(target.qualifiedName())
                    && before.share().equals(target.share());
            this.counted = same ? before.counted : new AtomicLong();
        }

        public Target target() {
            return target;
        }

        public Share share() {
            return target.share();
        }

        /** Whether the next request not bound to a version goes to the canary. */
        public boolean takesNext() {
            long n = counted.getAndIncrement();
            int weight = target.share().weight();
            return (n + 1) * weight / 100 > n * weight / 100;
        }
    }

    private record Snapshot(Map<String, Target> byQualifiedName, Map<String, Target> mainByName,
                            Map<String, List<Target>> shadowsByName, Map<String, Canary> canaryByName,
                            Map<String, List<Target>> asleepShadowsByName) {
    }

    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    public void replace(Collection<Target> targets) {
        Map<String, Target> byQualified = new HashMap<>();
        Map<String, Target> mains = new HashMap<>();
        Map<String, List<Target>> shadows = new HashMap<>();
        Map<String, Canary> canaries = new HashMap<>();
        Map<String, List<Target>> asleep = new HashMap<>();
        for (Target target : targets) {
            byQualified.put(target.qualifiedName(), target);
            if (target.main()) {
                mains.put(target.name(), target);
            } else if (target.asleep()) {
                asleep.computeIfAbsent(target.name(), n -> new ArrayList<>()).add(target);
            } else if (target.serving()) {
                // only a healthy shadow gets mirrored traffic, and only a healthy canary its share
                shadows.computeIfAbsent(target.name(), n -> new ArrayList<>()).add(target);
                if (target.share().weight() > 0) {
                    canaries.put(target.name(), new Canary(target, snapshot.canaryByName().get(target.name())));
                }
            }
        }
        shadows.replaceAll((name, list) -> List.copyOf(list));
        asleep.replaceAll((name, list) -> List.copyOf(list));
        snapshot = new Snapshot(Map.copyOf(byQualified), Map.copyOf(mains), Map.copyOf(shadows), Map.copyOf(canaries),
                                Map.copyOf(asleep));
    }

    /** Every version the gateway routes to now (or holds requests for). */
    public Collection<Target> targets() {
        return snapshot.byQualifiedName().values();
    }

    /**
     * {@code hello_1.0.0} names that version alone; {@code hello} names the main version of hello,
     * with its running shadows and its canary.
     */
    public Optional<Route> resolve(String segment) {
        Snapshot current = snapshot;
        Target exact = current.byQualifiedName().get(segment);
        if (exact != null) {
            return Optional.of(new Route(exact, List.of()));
        }
        Target main = current.mainByName().get(segment);
        return main == null ? Optional.empty()
                : Optional.of(new Route(main, current.shadowsByName().getOrDefault(segment, List.of()),
                                        current.canaryByName().get(segment),
                                        current.asleepShadowsByName().getOrDefault(segment, List.of())));
    }
}
