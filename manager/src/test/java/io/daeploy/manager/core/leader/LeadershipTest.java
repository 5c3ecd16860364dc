package io.daeploy.manager.core.leader;

import io.daeploy.manager.store.Database;
import io.daeploy.manager.store.Fence;
import io.daeploy.manager.store.LeaseRepository;
import io.daeploy.manager.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two managers' leaderships on one database, with a short lease, on the real clock. */
class LeadershipTest {

    private static final Duration LEASE = Duration.ofSeconds(3);

    /** What a manager's core hears. */
    private static final class Heard implements Leadership.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void elected(Fence fence) {
            events.add("elected " + (fence == null ? "unfenced" : fence.generation()));
        }

        @Override
        public void deposed(String why) {
            events.add("deposed");
        }
    }

    @Test
    void theFirstLeadsAtOnceTheOtherTakesOverOnceItsLeaseRanOutAndAHandOverIsAtOnce(@TempDir Path dataDir) throws Exception {
        try (Database database = TestDatabases.open(dataDir)) {
            Leadership a = new Leadership(new LeaseRepository(database), "a", LEASE);
            Leadership b = new Leadership(new LeaseRepository(database), "b", LEASE);
            Heard heardA = new Heard();
            Heard heardB = new Heard();
            a.start(heardA);
            b.start(heardB);
            assertTrue(a.leads(), "the first leads as soon as it started");
            assertEquals("a", a.fence().holder());
            assertFalse(b.leads());
            assertThrows(NotLeader.class, b::fence);
            assertEquals("a", new LeaseRepository(database).current().orElseThrow().holder(), "the database names the leader");

            Thread.sleep(LEASE.toMillis() * 2); // a renews meanwhile
            assertTrue(a.leads(), "renewed every third of the lease");
            assertFalse(b.leads());

            a.close(); // stops renewing, as a paused or killed manager would
            Thread.sleep(LEASE.toMillis() - LEASE.toMillis() / 5 + 100);
            assertThrows(NotLeader.class, a::fence, "a leader that could not renew stops leading before its lease expires");

            long waited = awaitLeading(b, LEASE.toMillis() * 2);
            assertTrue(waited <= LEASE.toMillis() + LEASE.toMillis() / 3 + 500, "took over within the lease and a tick: " + waited);
            assertEquals(List.of("elected 2"), heardB.events);

            Leadership c = new Leadership(new LeaseRepository(database), "c", LEASE);
            Heard heardC = new Heard();
            c.start(heardC);
            b.handOver();
            assertEquals(List.of("elected 2", "deposed"), heardB.events);
            c.lookNow(); // what the change feed does when the lease is released
            assertTrue(awaitLeading(c, 1_000) < 1_000, "a handed-over lease is taken at once");
            assertEquals(List.of("elected 2", "deposed"), heardB.events, "the one that handed over does not try again");
            assertEquals("c", c.fence().holder());
            c.close();
            b.close();
        }
    }

    @Test
    void theSoleManagerAlwaysLeadsUnfenced() {
        Leadership sole = Leadership.sole();
        Heard heard = new Heard();
        sole.start(heard);
        assertTrue(sole.leads());
        assertEquals(null, sole.fence());
        assertEquals(List.of("elected unfenced"), heard.events);
    }

    private static long awaitLeading(Leadership leadership, long withinMillis) throws InterruptedException {
        long start = System.nanoTime();
        while (!leadership.leads()) {
            assertTrue((System.nanoTime() - start) / 1_000_000 < withinMillis, "not leading within " + withinMillis + " ms");
            Thread.sleep(20);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
