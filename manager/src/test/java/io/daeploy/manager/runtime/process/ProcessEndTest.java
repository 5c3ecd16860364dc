package io.daeploy.manager.runtime.process;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waiting for real processes to end, a zombie among them (ended, but its parent does not reap it). */
class ProcessEndTest {

    @Test
    void aStoppedChildHasEndedAndOneThatRunsHasNot() throws Exception {
        Process running = new ProcessBuilder("sleep", "30").start();
        try {
            assertFalse(ProcessEnd.await(running.toHandle(), Duration.ofMillis(300)), "still running");
            running.toHandle().destroy();
            assertTrue(ProcessEnd.await(running.toHandle(), Duration.ofSeconds(5)));
            assertFalse(running.toHandle().isAlive(), "ended and reaped: this JVM reaps its own children");
        } finally {
            running.destroyForcibly();
        }
    }

    @Test
    void aZombieWhoseParentNeverReapsItHasEnded() throws Exception {
        // sh starts a short sleep, then becomes a long one, which never reaps the short one once it ends
        Process parent = new ProcessBuilder("sh", "-c", "sleep 0.2 & echo $!; exec sleep 30").start();
        try {
            long pid = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream())).readLine().trim());
            ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
            assertTrue(ProcessEnd.await(child, Duration.ofSeconds(10)), "ended, though never reaped");
            assertTrue(ProcessEnd.zombie(pid), "a zombie, as a paused manager's child would stay");
        } finally {
            parent.destroyForcibly();
        }
    }
}
