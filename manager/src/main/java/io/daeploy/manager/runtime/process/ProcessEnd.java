package io.daeploy.manager.runtime.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits for a process to end. An ended process whose parent does not reap it stays a zombie: one another manager
 * started, whose parent is paused (SIGSTOP) or stuck, would otherwise count as running forever. A zombie runs nothing
 * and holds no port: it has ended.
 */
final class ProcessEnd {

    private ProcessEnd() {
    }

    /**
     * A zombie is given this long to be reaped: this JVM reaps its own children at once, but an orphan's new parent
     * (init, a container's first process) may take seconds, and until then the process still shows as alive.
     */
    private static final Duration REAPING = Duration.ofSeconds(5);

    /** True once it ended (or stayed a zombie, unreaped); false when it still runs after {@code bound}. */
    static boolean await(ProcessHandle handle, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        long zombieSince = 0;
        while (handle.isAlive()) {
            long now = System.nanoTime();
            if (zombie(handle.pid())) {
                zombieSince = zombieSince == 0 ? now : zombieSince;
                if (now - zombieSince >= REAPING.toNanos()) {
                    return true;
                }
            } else if (now - deadline >= 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Its state in {@code /proc/<pid>/stat} is {@code Z}; the name before it may hold spaces and parentheses. */
    static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int end = stat.lastIndexOf(')');
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false; // gone, or not Linux: isAlive tells
        }
    }
}
