package io.daeploy.manager.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One manager per data directory (a second process is tried in ManagerStartIT). */
class DataDirectoryLockTest {

    @Test
    void aSecondHolderIsRefusedWithThePidAndPortOfTheFirstAndChangesNothing(@TempDir Path dataDir) throws Exception {
        try (DataDirectoryLock first = DataDirectoryLock.acquire(dataDir)) {
            first.listeningOn(8080);
            String before = Files.readString(dataDir.resolve(DataDirectoryLock.FILE));

            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> DataDirectoryLock.acquire(dataDir));
            assertTrue(refused.getMessage().startsWith("another manager (pid " + ProcessHandle.current().pid()),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("holds the data directory " + dataDir), refused.getMessage());
            assertEquals(before, Files.readString(dataDir.resolve(DataDirectoryLock.FILE)));
            assertEquals("pid " + ProcessHandle.current().pid() + ", port 8080\n", before);
        }
    }

    @Test
    void theDirectoryIsFreeAgainOnceClosed(@TempDir Path dataDir) {
        DataDirectoryLock.acquire(dataDir).close();
        DataDirectoryLock.acquire(dataDir).close();
    }
}
