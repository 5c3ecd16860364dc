package io.daeploy.maven.dev;

import io.daeploy.common.ManagerException;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Calls the manager until it answers: a manager restarting during a dev session is found again, with one line saying
 * that it is not answering, and no restart of {@code dev}. Answers from the manager (4xx, 5xx) are not retried.
 */
public final class ManagerRetry {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private final String host;
    private final Consumer<String> out;
    private final BooleanSupplier stop;
    private final Sleeper sleeper;

    /** Waits between tries; a seam for tests. */
    public interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    public ManagerRetry(String host, Consumer<String> out, BooleanSupplier stop, Sleeper sleeper) {
        this.host = host;
        this.out = out;
        this.stop = stop;
        this.sleeper = sleeper;
    }

    /**
     * The answer of {@code call}, tried again with growing pauses while the manager cannot be reached.
     *
     * @throws ManagerException what the manager answered, or the last failure to reach it when the session stops
     */
    public <T> T call(Supplier<T> call) {
        Duration pause = FIRST_PAUSE;
        boolean said = false;
        while (true) {
            try {
                T answer = call.get();
                if (said) {
                    out.accept("The manager at " + host + " answers again");
                }
                return answer;
            } catch (ManagerException e) {
                if (!unreachable(e) || stop.getAsBoolean()) {
                    throw e;
                }
                if (!said) {
                    out.accept("The manager at " + host + " is not answering (" + e.detail() + "): trying again until it"
                            + " does (Ctrl-C to stop)");
                    said = true;
                }
            }
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ManagerException(0, "interrupted", "Interrupted while waiting for the manager at " + host, e);
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    /** No answer at all: refused, reset, or lost in the middle (status 0), as opposed to an answer that says no. */
    static boolean unreachable(ManagerException e) {
        return e.status() == 0 && !"interrupted".equals(e.detail()) && !"bad response".equals(e.detail());
    }
}
