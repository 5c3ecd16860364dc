package io.daeploy.manager.store;

import io.daeploy.common.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceRepositoryTest {

    @Test
    void aRecordHeldAcrossAnAssignDoesNotMakeItsVersionMainAgain(@TempDir Path dataDir) {
        try (Database database = TestDatabases.open(dataDir)) {
            ServiceRepository repository = new ServiceRepository(database);
            ServiceRecord first = ServiceRecord.deployed("hello", "1.0.0", true, null, Map.of());
            repository.insert(first);
            repository.insert(ServiceRecord.deployed("hello", "2.0.0", false, null, Map.of()).observed(Status.RUNNING, null));

            // 1.0.0 crashed and is restarting when 2.0.0 is assigned; its restart then stores the record it held
            ServiceRecord restarting = first.observed(Status.STARTING, "crashed with exit code 1");
            repository.makeMain("hello", "2.0.0");
            repository.recordObserved(restarting.withRuntimeRef("pid=99 port=4321").observed(Status.RUNNING, null));

            List<String> mains = repository.byName("hello").stream().filter(ServiceRecord::main).map(ServiceRecord::version).toList();
            assertEquals(List.of("2.0.0"), mains);
            ServiceRecord restarted = repository.find("hello", "1.0.0").orElseThrow();
            assertEquals(Status.RUNNING, restarted.status());
            assertEquals("pid=99 port=4321", restarted.runtimeRef(), "the runtime's own reference, kept for it");
        }
    }

    @Test
    void anAssignAndAKillAreNewGenerationsOfWhatShouldRun(@TempDir Path dataDir) {
        try (Database database = TestDatabases.open(dataDir)) {
            ServiceRepository repository = new ServiceRepository(database);
            repository.insert(ServiceRecord.deployed("hello", "1.0.0", true, null, Map.of()));
            repository.insert(ServiceRecord.deployed("hello", "2.0.0", false, null, Map.of()));

            repository.makeMain("hello", "2.0.0");
            assertEquals(List.of(2L, 2L), repository.byName("hello").stream().map(ServiceRecord::generation).toList(),
                    "both roles changed");
            repository.makeMain("hello", "2.0.0");
            assertEquals(List.of(2L, 2L), repository.byName("hello").stream().map(ServiceRecord::generation).toList(),
                    "the main already: nothing changed");

            assertTrue(repository.markTerminating("hello", "1.0.0", true));
            ServiceRecord killed = repository.find("hello", "1.0.0").orElseThrow();
            assertTrue(killed.terminating() && killed.keepImage());
            assertEquals(3L, killed.generation());
            assertTrue(!repository.markTerminating("hello", "1.0.0", false), "killed already");
        }
    }
}
