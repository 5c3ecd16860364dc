package io.daeploy.manager.core;

import io.daeploy.common.Status;
import io.daeploy.manager.runtime.fake.FakeRuntime;
import io.daeploy.manager.store.Database;
import io.daeploy.manager.store.ServiceRecord;
import io.daeploy.manager.store.ServiceRepository;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How long a manager restart takes to publish the routes of many recorded versions: a store with N running versions
 * (and their instances, still running), then a new core over it, timed from its start until every version is served.
 * The runtime is the in-memory fake, so this is the core's own cost. Not a test: {@code bench/reconcile.sh} runs it.
 *
 * <p>Usage: {@code ReconcileBench VERSIONS ROUNDS}; prints one line per round and the median.
 */
public final class ReconcileBench {

    private ReconcileBench() {
    }

    public static void main(String[] args) throws Exception {
        int versions = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        List<Double> seconds = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) { // round 0 warms the JVM up
            Path dataDir = Files.createTempDirectory("reconcile-bench");
            FakeRuntime.Machine machine = new FakeRuntime.Machine();
            try (Database database = Database.open(dataDir)) {
                ServiceRepository repository = new ServiceRepository(database);
                for (int i = 0; i < versions; i++) {
                    String name = "svc" + (i / 2);
                    String version = "1.0." + (i % 2);
                    repository.insert(ServiceRecord.deployed(name, version, i % 2 == 0, null, Map.of())
                            .observed(Status.RUNNING, null).withRuntimeRef(machine.launchedBefore(name, version)));
                }
            }
            long start = System.nanoTime();
            try (CoreHarness manager = new CoreHarness(dataDir, new FakeRuntime(machine), Duration.ofHours(1))) {
                for (int i = 0; i < versions; i++) {
                    manager.awaitServing("svc" + (i / 2) + "_1.0." + (i % 2));
                }
                double took = (System.nanoTime() - start) / 1e9;
                if (round > 0) {
                    seconds.add(took);
                    System.out.printf("round %d: %d versions, all routes published in %.3f s%n", round, versions, took);
                }
            }
        }
        List<Double> sorted = seconds.stream().sorted().toList();
        System.out.printf("median of %d rounds: %.3f s for %d versions%n", rounds, sorted.get(sorted.size() / 2), versions);
    }
}
