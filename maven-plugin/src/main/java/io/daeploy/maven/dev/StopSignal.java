package io.daeploy.maven.dev;

import java.util.concurrent.CountDownLatch;

/**
 * Ctrl-C ends a dev session as a success: SIGINT is taken from the JVM's default (which would end Maven with 130 and
 * no word), so the session can stop watching, say what stays deployed, and let the goal return normally. Where the
 * signal cannot be taken ({@code sun.misc.Signal} missing), a shutdown hook runs {@code onExit} while the JVM ends.
 */
public final class StopSignal implements AutoCloseable {

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread worker;
    private Object previousHandler;
    private Thread hook;

    /**
     * @param worker the thread running the session, interrupted so that a call to the manager in progress ends
     * @param onExit what to do if the JVM ends without the session returning (no signal handling here)
     */
    public StopSignal(Thread worker, Runnable onExit) {
        this.worker = worker;
        try {
            sun.misc.Signal interrupt = new sun.misc.Signal("INT");
            previousHandler = sun.misc.Signal.handle(interrupt, signal -> stop());
        } catch (LinkageError | IllegalArgumentException | UnsupportedOperationException e) {
            hook = new Thread(() -> {
                stop();
                onExit.run();
            }, "daeploy-dev-stop");
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    /** Stops the session, as Ctrl-C does. */
    public void stop() {
        if (stopped.getCount() > 0) {
            stopped.countDown();
            worker.interrupt();
        }
    }

    public boolean stopped() {
        return stopped.getCount() == 0;
    }

    /** Gives SIGINT back to what handled it before, so a second Ctrl-C during the last words ends Maven as usual. */
    @Override
    public void close() {
        if (previousHandler instanceof sun.misc.SignalHandler handler) {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is ending already: the hook runs
            }
        }
    }
}
