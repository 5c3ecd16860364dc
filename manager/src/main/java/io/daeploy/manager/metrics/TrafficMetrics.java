package io.daeploy.manager.metrics;

import io.daeploy.common.ServiceVersion;
import io.daeploy.manager.core.RouteTable;
import io.daeploy.manager.core.rollout.LatencyHistogram;
import io.daeploy.manager.core.rollout.Rollouts;
import io.daeploy.manager.core.rollout.TrafficFigures;
import io.daeploy.manager.core.rollout.VersionTraffic;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What the gateway did, per version, as Prometheus reads it: requests by role and status code, their durations as a
 * histogram, the fate of shadow copies; and, at each scrape, the versions by status, each version's share of its name's
 * requests and its restarts. The manager's own JVM figures come with it.
 */
public final class TrafficMetrics implements TrafficFigures {

    /** The histogram's buckets, from a quick answer to one at the gateway's patience. */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};
    static final double[] BOUNDS_SECONDS = java.util.Arrays.stream(BUCKETS).mapToDouble(d -> d.toNanos() / 1e9).toArray();

    /** Who answered a request: the main of a name, its canary, a version called by its own name (or pinned), a shadow's copy. */
    public enum Role {
        MAIN, CANARY, DIRECT, SHADOW;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What became of a copy sent to a shadow. */
    public enum CopyOutcome {
        MATCHED, DIFFERED, ERROR, DROPPED
    }

    private final boolean on;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** By qualified name ({@code name_version}), a version's meters in each role. */
    private final Map<String, AtomicReferenceArray<VersionMeters>> versions = new ConcurrentHashMap<>();
    private final MultiGauge versionsByStatus = MultiGauge.builder("daeploy.versions").description("versions by status").register(registry);
    private final MultiGauge weights = MultiGauge.builder("daeploy.rollout.weight")
            .description("the percentage of its name's requests a version answers").register(registry);
    private final MultiGauge rolloutPhases = MultiGauge.builder("daeploy.rollout.phase")
            .description("1 for the phase each name's latest rollout is in (shadow, canary, promoted, rolled_back, aborted)")
            .register(registry);
    /** By qualified name, how each shadow's copies compared here; kept also when no figures are recorded. */
    private final Map<String, ShadowTally> shadowTallies = new ConcurrentHashMap<>();
    private volatile FiguresOfOthers others = FiguresOfOthers.NONE;
    private final MultiGauge restarts = MultiGauge.builder("daeploy.restarts")
            .description("restarts of a version after crashes, in the supervisor's current window").register(registry);

    /** Figures recorded, and the manager's JVM figures with them. */
    public static TrafficMetrics recording() {
        return new TrafficMetrics(true);
    }

    /** Nothing recorded ({@code DAEPLOY_METRICS=false}): the gateway spends nothing on figures. */
    public static TrafficMetrics off() {
        return new TrafficMetrics(false);
    }

    private TrafficMetrics(boolean on) {
        this.on = on;
        if (!on) {
            return;
        }
        // named against Prometheus's naming rules (promtool refuses them): a time in "ns", a gauge ending in "_count";
        // process_cpu_usage and jvm_threads_live_threads tell the same
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")
                || id.getName().equals("system.cpu.count")));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** A request answered through the gateway: by which version in which role, with which status, in how long. */
    public void answered(RouteTable.Target version, Role role, int status, long nanos) {
        if (on) {
            meters(version.qualifiedName(), version.name(), version.version(), role).record(status, nanos);
        }
    }

    /** A request the gateway answered for a version without reaching it (it was not serving): counted, not timed. */
    public void refused(RouteTable.Target version, Role role, int status) {
        if (on) {
            meters(version.qualifiedName(), version.name(), version.version(), role).count(status);
        }
    }

    /** A copy sent to a shadow, and what became of it. */
    public void copied(RouteTable.Target shadow, CopyOutcome outcome) {
        if (on) {
            meters(shadow.qualifiedName(), shadow.name(), shadow.version(), Role.SHADOW).copy(outcome);
        }
    }

    public boolean on() {
        return on;
    }

    /** The figures taken at a scrape: versions by status, shares of traffic, restarts. */
    public void observe(List<ServiceVersion> listed, Map<String, Integer> restartsByVersion) {
        Map<String, Integer> statuses = new TreeMap<>();
        listed.forEach(version -> statuses.merge(version.status(), 1, Integer::sum));
        versionsByStatus.register(statuses.entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("status", e.getKey()), e.getValue())).toList(), true);
        weights.register(listed.stream().map(v -> MultiGauge.Row.of(tags(v.name(), v.version()), v.weight())).toList(), true);
        restarts.register(listed.stream().map(v -> MultiGauge.Row.of(tags(v.name(), v.version()),
                restartsByVersion.getOrDefault(v.qualifiedName(), 0))).toList(), true);
    }

    /** The phase of each name's latest rollout, taken at a scrape. */
    public void observeRollouts(List<Rollouts.Phase> phases) {
        rolloutPhases.register(phases.stream().map(p -> MultiGauge.Row.of(tags(p.name(), p.version()).and("phase", p.phase()), 1))
                .toList(), true);
    }

    /**
     * Several managers on one database: what the others counted is added to what this one did, wherever figures are
     * read back (a rollout's judgement, the charts, the shadow comparison). Prometheus still gets this manager's own.
     */
    public void mergeWith(FiguresOfOthers others) {
        this.others = others;
    }

    /**
     * What a version answered so far as main or canary, and how its copies as a shadow compared, through every manager
     * on this one's database: this one's as the meters Prometheus gets have them (what a rollout judges is what a user
     * sees there), plus what the others counted.
     */
    @Override
    public VersionTraffic of(String service, String version) {
        VersionTraffic own = localOf(service, version);
        return others.traffic(service, version).map(own::plus).orElse(own);
    }

    /** Where this manager's gateway counts how a shadow's copies compare. */
    public ShadowTally shadowTally(String service, String version) {
        return shadowTallies.computeIfAbsent(service + '_' + version, q -> new ShadowTally(version));
    }

    /** What this manager counted of a shadow, if anything. */
    public Optional<ShadowFigures> localShadow(String service, String version) {
        return Optional.ofNullable(shadowTallies.get(service + '_' + version)).map(ShadowTally::figures);
    }

    /** Starts a shadow's comparison again from nothing here (it was killed or became the main). */
    public void forgetShadow(String service, String version) {
        shadowTallies.remove(service + '_' + version);
    }

    /** How a shadow's copies compared, through every manager on this one's database. */
    public ShadowFigures shadowFigures(String service, String version) {
        ShadowFigures own = localShadow(service, version).orElse(ShadowFigures.none(version));
        return others.shadow(service, version).map(own::plus).orElse(own);
    }

    /** {@link #of}, as this manager alone counted it. */
    public VersionTraffic localOf(String service, String version) {
        long requests = 0;
        long serverErrors = 0;
        long timed = 0;
        long[] cumulative = new long[BUCKETS.length];
        for (Role role : List.of(Role.MAIN, Role.CANARY)) {
            VersionMeters meters = existing(service, version, role);
            if (meters == null) {
                continue;
            }
            for (int code = 0; code < 600; code++) {
                Counter counter = meters.byStatus.get(code);
                if (counter != null) {
                    long n = (long) counter.count();
                    requests += n;
                    serverErrors += code >= 500 ? n : 0;
                }
            }
            HistogramSnapshot snapshot = meters.duration.takeSnapshot();
            timed += snapshot.count();
            CountAtBucket[] buckets = snapshot.histogramCounts();
            for (int i = 0; i < buckets.length && i < cumulative.length; i++) {
                cumulative[i] += (long) buckets[i].count();
            }
        }
        VersionMeters shadow = existing(service, version, Role.SHADOW);
        long matched = shadow == null ? 0 : (long) shadow.copies[CopyOutcome.MATCHED.ordinal()].count();
        long differed = shadow == null ? 0 : (long) shadow.copies[CopyOutcome.DIFFERED.ordinal()].count();
        return new VersionTraffic(requests, serverErrors, new LatencyHistogram(BOUNDS_SECONDS, cumulative, timed), matched, differed);
    }

    /** The Prometheus text exposition of everything. */
    public String scrape() {
        return registry.scrape();
    }

    /** The registry the figures are kept in, for those that read them back (the rollout's checks). */
    public MeterRegistry registry() {
        return registry;
    }

    private VersionMeters existing(String service, String version, Role role) {
        AtomicReferenceArray<VersionMeters> byRole = versions.get(service + '_' + version);
        return byRole == null ? null : byRole.get(role.ordinal());
    }

    /** A version's meters in a role, made on its first request; found without allocating on every later one. */
    private VersionMeters meters(String qualifiedName, String service, String version, Role role) {
        AtomicReferenceArray<VersionMeters> byRole = versions.get(qualifiedName);
        if (byRole == null) {
            byRole = versions.computeIfAbsent(qualifiedName, q -> new AtomicReferenceArray<>(Role.values().length));
        }
        VersionMeters meters = byRole.get(role.ordinal());
        if (meters == null) {
            byRole.compareAndSet(role.ordinal(), null, new VersionMeters(registry, service, version, role));
            meters = byRole.get(role.ordinal()); // the registry gives a racing second the same meters anyway
        }
        return meters;
    }

    private static Tags tags(String service, String version) {
        return Tags.of("service", service, "version", version);
    }

    /** The meters of one version in one role, made once; a counter per status code as codes appear. */
    private static final class VersionMeters {
        private final MeterRegistry registry;
        private final Tags tags;
        private final Timer duration;
        private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(600);
        private final Counter[] copies = new Counter[CopyOutcome.values().length];

        VersionMeters(MeterRegistry registry, String service, String version, Role role) {
            this.registry = registry;
            this.tags = TrafficMetrics.tags(service, version).and("role", role.label());
            this.duration = Timer.builder("daeploy.request.duration").description("time from the request sent to the answer read")
                    .tags(tags).serviceLevelObjectives(BUCKETS).register(registry);
            if (role == Role.SHADOW) {
                for (CopyOutcome outcome : CopyOutcome.values()) {
                    copies[outcome.ordinal()] = Counter.builder("daeploy.shadow.copies")
                            .description("copies of requests sent to a shadow, by what became of them")
                            .tags(TrafficMetrics.tags(service, version)).tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                            .register(registry);
                }
            }
        }

        void record(int status, long nanos) {
            count(status);
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }

        void count(int status) {
            int code = status >= 100 && status < 600 ? status : 0;
            Counter counter = byStatus.get(code);
            if (counter == null) {
                counter = Counter.builder("daeploy.requests").description("requests answered through the gateway")
                        .tags(tags).tag("code", code == 0 ? "none" : String.valueOf(code)).register(registry);
                byStatus.set(code, counter); // the registry gives the same counter to a racing second
            }
            counter.increment();
        }

        void copy(CopyOutcome outcome) {
            copies[outcome.ordinal()].increment();
        }
    }
}
