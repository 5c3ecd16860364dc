package io.daeploy.maven.dev;

import java.util.concurrent.CountDownLatch;

/**
 * Ctrl-C ends a dev session as a success: SIGINT is taken from the JVM's default (which would end Maven with 130 and
 * no word), so the session can stop watching, say what stays deployed, and let the goal return normally. Where the
 * JVM ends anyway (SIGTERM; SIGINT where it cannot be taken), a shutdown hook stops the session and gives it a few
 * seconds for its last words (a shadow of the session is killed) before the JVM goes.
 */
public final class StopSignal implements AutoCloseable {

    private static final java.time.Duration LAST_WORDS = java.time.Duration.ofSeconds(10);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread worker;
    private Object previousHandler;
    private final Thread hook;

    /** @param worker the thread running the session, interrupted so that a call to the manager in progress ends */
    public StopSignal(Thread worker) {
        this.worker = worker;
        try {
            previousHandler = sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> stop());
        } catch (LinkageError | IllegalArgumentException | UnsupportedOperationException e) {
            previousHandler = null;
        }
        // SIGTERM, or SIGINT where it could not be taken (a JVM started with it ignored, as a shell's background job):
        // the JVM ends, and the session's last words go with it
        hook = new Thread(() -> {
            stop();
            try {
                worker.join(LAST_WORDS.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "daeploy-dev-stop");
        Runtime.getRuntime().addShutdownHook(hook);
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
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is ending already: the hook runs
        }
    }
}
