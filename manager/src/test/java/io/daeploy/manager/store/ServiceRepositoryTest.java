package io.daeploy.manager.store;

import io.daeploy.common.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceRepositoryTest {

    @Test
    void aRecordHeldAcrossAnAssignDoesNotMakeItsVersionMainAgain(@TempDir Path dataDir) {
        try (Database database = Database.open(dataDir)) {
            ServiceRepository repository = new ServiceRepository(database);
            ServiceRecord first = record("1.0.0", true);
            repository.insert(first);
            repository.insert(record("2.0.0", false).withStatus(Status.RUNNING, null));

            // 1.0.0 crashed and is restarting when 2.0.0 is assigned; its restart then stores the record it held
            ServiceRecord restarting = first.withStatus(Status.STARTING, "crashed with exit code 1");
            repository.makeMain("hello", "2.0.0");
            repository.update(restarting.withEndpoint(4321, 99L).withStatus(Status.RUNNING, null));

            List<String> mains = repository.byName("hello").stream().filter(ServiceRecord::main).map(ServiceRecord::version).toList();
            assertEquals(List.of("2.0.0"), mains);
            ServiceRecord restarted = repository.find("hello", "1.0.0").orElseThrow();
            assertEquals(Status.RUNNING, restarted.status());
            assertEquals(4321, restarted.port());
        }
    }

    private static ServiceRecord record(String version, boolean main) {
        return new ServiceRecord("hello", version, main, Status.STARTING, ServiceRecord.now(), null, null, null, null,
                                 Path.of("/tmp/hello", version), Map.of(), ServiceRecord.now());
    }
}
