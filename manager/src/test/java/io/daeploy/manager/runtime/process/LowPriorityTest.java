package io.daeploy.manager.runtime.process;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Background work runs in a CPU group of its own at the lowest weight, and the manager's own group keeps its weight:
 * the manager's gateway once ran at nice 19 under load because a child was lowered before it had left the manager's
 * session. Real child processes; skipped where the kernel does not weigh CPU by session.
 */
class LowPriorityTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void aChildIsLoweredInItsOwnGroupAndOursKeepsItsWeight() throws Exception {
        assumeTrue(Autogroups.weighed() && Autogroups.sessionStarter().isPresent(), "CPU is not weighed by session here");
        OptionalInt ours = Autogroups.nice(SELF);
        Process child = new ProcessBuilder(LowPriority.command(List.of("sleep", "30"))).start();
        try {
            LowPriority.started(child);
            assertEquals(OptionalInt.of(19), Autogroups.nice(child.pid()), "the background work's own group is lowered");
            assertEquals(ours, Autogroups.nice(SELF), "the starter's group keeps its weight");
        } finally {
            child.destroyForcibly().waitFor();
            restore(ours);
        }
    }

    @Test
    void aProcessThatSharesItsParentsGroupIsNeverLowered() throws Exception {
        assumeTrue(Autogroups.weighed(), "CPU is not weighed by session here");
        OptionalInt ours = Autogroups.nice(SELF);
        Process child = new ProcessBuilder("sleep", "30").start(); // in our session, so in our group
        try {
            assertThrows(IOException.class, () -> Autogroups.setNice(child.pid(), 19));
            assertEquals(ours, Autogroups.nice(SELF), "our group keeps its weight");
        } finally {
            child.destroyForcibly().waitFor();
            restore(ours);
        }
    }

    /** Best effort, so that a failure here does not slow every later test of this JVM. */
    private static void restore(OptionalInt nice) throws IOException {
        if (nice.isPresent() && !nice.equals(Autogroups.nice(SELF))) {
            Files.writeString(Path.of("/proc", Long.toString(SELF), "autogroup"), Integer.toString(nice.getAsInt()));
        }
    }
}
