package io.daeploy.manager.store;

import io.daeploy.common.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leader's lease row and the writes fenced by it, as two managers on one database see them (H2 and PostgreSQL). */
class LeaderLeaseTest {

    private static final long LEASE = 10_000;

    @Test
    void oneHolderAtATimeAndANewGenerationAtEveryChangeOfHolder(@TempDir Path dataDir) {
        try (Database database = TestDatabases.open(dataDir)) {
            LeaseRepository leases = new LeaseRepository(database);
            long now = 1_000_000;
            Fence a = leases.acquire("a", now, now + LEASE).orElseThrow();
            assertEquals(Optional.empty(), leases.acquire("b", now + 1, now + 1 + LEASE), "held and not expired");
            assertTrue(leases.renew(a, now + 2 * LEASE));
            assertEquals(Optional.empty(), leases.acquire("b", now + LEASE + 1, now + 2 * LEASE), "renewed: not expired yet");

            Fence b = leases.acquire("b", now + 2 * LEASE + 1, now + 3 * LEASE).orElseThrow();
            assertEquals(a.generation() + 1, b.generation());
            assertFalse(leases.renew(a, now + 4 * LEASE), "the deposed holder cannot renew");
            assertEquals("b", leases.current().orElseThrow().holder());

            leases.release(b);
            Fence c = leases.acquire("c", now + 2 * LEASE + 2, now + 3 * LEASE).orElseThrow();
            assertEquals(b.generation() + 1, c.generation(), "released: taken over at once, not after it expired");
            Fence cAgain = leases.acquire("c", now + 2 * LEASE + 3, now + 3 * LEASE).orElseThrow();
            assertEquals(c.generation() + 1, cAgain.generation(), "a restarted holder takes its own lease, in a new generation");
        }
    }

    @Test
    void aDeposedLeadersWritesNeverReachTheStore(@TempDir Path dataDir) {
        try (Database database = TestDatabases.open(dataDir)) {
            LeaseRepository leases = new LeaseRepository(database);
            ServiceRepository versions = new ServiceRepository(database);
            ServiceRecord record = ServiceRecord.deployed("hello", "1.0.0", true, null, Map.of());
            versions.insert(record);
            long now = 1_000_000;
            Fence stale = leases.acquire("a", now, now + LEASE).orElseThrow();
            Fence current = leases.acquire("b", now + LEASE + 1, now + 2 * LEASE).orElseThrow();

            assertThrows(LeaseLost.class, () -> versions.recordObserved(record.observed(Status.FAILED, "stale"), stale));
            assertThrows(LeaseLost.class, () -> versions.recordEndpoints("hello", "1.0.0", List.of(URI.create("http://x:1")), stale));
            assertThrows(LeaseLost.class, () -> versions.delete("hello", "1.0.0", stale));
            ServiceRecord kept = versions.find("hello", "1.0.0").orElseThrow();
            assertEquals(Status.STARTING, kept.status(), "nothing the deposed leader wrote");
            assertEquals(List.of(), versions.endpoints().get("hello_1.0.0"));

            versions.recordObserved(record.observed(Status.RUNNING, null), current);
            versions.recordEndpoints("hello", "1.0.0", List.of(URI.create("http://127.0.0.1:4001"), URI.create("http://127.0.0.1:4002")),
                                     current);
            assertEquals(Status.RUNNING, versions.find("hello", "1.0.0").orElseThrow().status());
            assertEquals(List.of(URI.create("http://127.0.0.1:4001"), URI.create("http://127.0.0.1:4002")),
                         versions.endpoints().get("hello_1.0.0"), "the leader's endpoints, for the others to route by");

            versions.delete("hello", "1.0.0", current);
            versions.recordObserved(record.observed(Status.RUNNING, null), current); // gone meanwhile: no one's fault
            assertTrue(versions.find("hello", "1.0.0").isEmpty());
        }
    }
}
