package io.daeploy.manager.runtime.process;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Work the manager does for later (the training runs and dumps of class data) runs at the lowest CPU priority: it
 * starts right after a version first answers, when the services' answers are being judged (a rollout's latency), and
 * must take only the CPU they leave idle. Where Linux weighs CPU by session (autogroups), the process gets a session of
 * its own whose weight is lowered; {@code nice} covers the rest.
 */
final class LowPriority {

    private static final Logger LOG = Logger.getLogger(LowPriority.class.getName());
    private static final int NICE = 19;
    private static final Duration SESSION_WAIT = Duration.ofSeconds(2);
    private static final Duration SESSION_POLL = Duration.ofMillis(5);
    private static final Optional<Path> SESSION_STARTER = Autogroups.sessionStarter();
    private static final boolean WEIGHED = SESSION_STARTER.isPresent() && Autogroups.weighed();

    private LowPriority() {
    }

    /** {@code command} as it should be started. */
    static List<String> command(List<String> command) {
        List<String> niced = new ArrayList<>(List.of("nice", "-n", Integer.toString(NICE)));
        niced.addAll(command);
        return WEIGHED ? Autogroups.inOwnSession(SESSION_STARTER.get(), niced) : niced;
    }

    /**
     * Lowers the weight of the session the process leads, once it leads one: right after the start it may still be in
     * the manager's session (setsid has not run yet), whose group must keep its weight.
     */
    static void started(Process process) {
        if (!WEIGHED) {
            return;
        }
        long deadline = System.nanoTime() + SESSION_WAIT.toNanos();
        while (!Autogroups.leadsOwnSession(process.pid()) && process.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(SESSION_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            Autogroups.setNice(process.pid(), NICE);
        } catch (IOException e) {
            LOG.fine(() -> "Could not lower the CPU weight of pid " + process.pid() + ": " + e.getMessage());
        }
    }
}
