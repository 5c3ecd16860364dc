package io.daeploy.manager.metrics;

import io.daeploy.manager.core.RequestsSeenElsewhere;
import io.daeploy.manager.core.RouteTable;
import io.daeploy.manager.core.rollout.VersionTraffic;
import io.daeploy.manager.store.FiguresRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Several managers on one database: every few seconds each one writes what its gateway counted per version (its own
 * rows, as counts and buckets) and reads what the others wrote, added up per version. Whichever manager answers the
 * API, the dashboard or judges a rollout then adds this to its own figures; the leader's scale to zero counts the
 * others' requests. Each manager process writes under an incarnation of its own, so that one that restarts (counting
 * from zero) does not take back what it had counted: its old rows stay until their version goes, which the leader
 * clears.
 */
public final class FiguresExchange implements FiguresOfOthers, RequestsSeenElsewhere, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FiguresExchange.class.getName());
    /** How often figures are written and read: the rollout's and the charts' windows are far longer. */
    public static final Duration EVERY = Duration.ofSeconds(2);
    /** A last request that moved less than this is not written again. */
    private static final long LAST_REQUEST_SLACK_MILLIS = 1_000;

    /** The others' figures of one version, added up. */
    private record Others(VersionTraffic traffic, ShadowFigures shadow, Long lastRequestAt) {
        Others plus(Others more) {
            ShadowFigures shadows = shadow == null ? more.shadow : more.shadow == null ? shadow : shadow.plus(more.shadow);
            Long newest = lastRequestAt == null ? more.lastRequestAt
                    : more.lastRequestAt == null ? lastRequestAt : Long.valueOf(Math.max(lastRequestAt, more.lastRequestAt));
            return new Others(traffic.plus(more.traffic), shadows, newest);
        }
    }

    /** What was written last of a version: written again only when it changed. */
    private record Written(String figures, Long lastRequestAt) {
    }

    private final FiguresRepository repository;
    private final TrafficMetrics metrics;
    private final RouteTable routes;
    private final String manager;
    private final String incarnation = UUID.randomUUID().toString();
    private final BooleanSupplier leads;
    private final Clock clock;
    private final Map<String, Written> written = new HashMap<>();
    private final Set<String> unreadable = new HashSet<>();
    private volatile Map<String, Others> others = Map.of();
    private final ScheduledExecutorService exchanges = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("daeploy-figures-exchange").daemon().factory());

    /**
     * @param metrics what this manager's gateway counts; told to add the others' figures from now on
     * @param routes  the versions this manager routes to, with their last requests
     * @param leads   whether this manager leads now (it clears the rows of versions gone)
     */
    public FiguresExchange(FiguresRepository repository, TrafficMetrics metrics, RouteTable routes, String manager,
                           BooleanSupplier leads, Clock clock) {
        this.repository = repository;
        this.metrics = metrics;
        this.routes = routes;
        this.manager = manager;
        this.leads = leads;
        this.clock = clock;
        metrics.mergeWith(this);
    }

    /** Exchanges figures every {@link #EVERY} from now on. */
    public void start() {
        long every = EVERY.toMillis();
        exchanges.scheduleWithFixedDelay(this::exchangeQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Writes what changed of this manager's figures, reads the others', and (the leader) clears those of versions gone. */
    public synchronized void exchange() {
        publish();
        read();
        if (leads.getAsBoolean()) {
            repository.forgetGoneVersions();
        }
    }

    private void publish() {
        long now = clock.millis();
        List<FiguresRepository.Row> changed = new ArrayList<>();
        Map<String, Written> seen = new HashMap<>();
        for (RouteTable.Target target : routes.targets()) {
            VersionTraffic traffic = metrics.localOf(target.name(), target.version());
            ShadowFigures shadow = metrics.localShadow(target.name(), target.version()).orElse(null);
            long lastRequestAt = now - target.lastRequest().idleFor().toMillis();
            Written before = written.get(target.qualifiedName());
            String figures = PublishedFigures.of(traffic, shadow).json();
            boolean moved = before == null || !before.figures().equals(figures)
                    || Math.abs(lastRequestAt - before.lastRequestAt()) >= LAST_REQUEST_SLACK_MILLIS;
            seen.put(target.qualifiedName(), moved ? new Written(figures, lastRequestAt) : before);
            if (moved) {
                changed.add(new FiguresRepository.Row(incarnation, manager, target.name(), target.version(), figures,
                                                      lastRequestAt, now));
            }
        }
        repository.publish(changed);
        written.clear();
        written.putAll(seen);
    }

    private void read() {
        Map<String, Others> added = new HashMap<>();
        for (FiguresRepository.Row row : repository.allBut(incarnation)) {
            try {
                PublishedFigures figures = PublishedFigures.parse(row.figures());
                VersionTraffic traffic = figures.versionTraffic();
                if (!Arrays.equals(traffic.latency().bounds(), TrafficMetrics.BOUNDS_SECONDS)) {
                    throw new IllegalArgumentException("its latency buckets have other bounds than this manager's");
                }
                ShadowFigures shadow = figures.shadowFigures();
                added.merge(row.name() + '_' + row.version(), new Others(traffic, shadow, row.lastRequestAt()), Others::plus);
            } catch (RuntimeException e) {
                // a row of a release that counts otherwise: left out of the sums, said once
                if (unreadable.add(row.incarnation() + ' ' + row.name() + '_' + row.version())) {
                    LOG.warning(() -> "Leaving out the figures of " + row.name() + " " + row.version() + " written by manager "
                            + row.manager() + ": " + e.getMessage());
                }
            }
        }
        others = Map.copyOf(added);
    }

    private void exchangeQuietly() {
        try {
            exchange();
        } catch (RuntimeException e) {
            // the next exchange tries again; figures meanwhile are a few seconds older
            LOG.warning(() -> "Could not exchange figures with the other managers now: " + e.getMessage());
        }
    }

    @Override
    public Optional<VersionTraffic> traffic(String name, String version) {
        return Optional.ofNullable(others.get(name + '_' + version)).map(Others::traffic);
    }

    @Override
    public Optional<ShadowFigures> shadow(String name, String version) {
        return Optional.ofNullable(others.get(name + '_' + version)).map(Others::shadow);
    }

    @Override
    public Optional<Instant> lastRequest(String qualifiedName) {
        return Optional.ofNullable(others.get(qualifiedName)).map(Others::lastRequestAt).filter(Objects::nonNull)
                .map(Instant::ofEpochMilli);
    }

    @Override
    public void close() {
        exchanges.shutdownNow();
    }
}
