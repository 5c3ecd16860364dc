package io.daeploy.sdk;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.daeploy.common.Severity;

/**
 * One {@link Every} method and the thread that runs it. Runs start one interval apart (the next one right away
 * after a run that took longer); a run's exception is logged and the schedule goes on.
 */
final class PeriodicJob {

    /** Time as the schedule sees it: a seam so that a test can check the schedule without waiting on a clock. */
    interface Ticker {
        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepUntil(long deadline) throws InterruptedException {
                long left;
                while ((left = deadline - System.nanoTime()) > 0) {
                    Thread.sleep(Duration.ofNanos(left));
                }
            }
        };

        long nanoTime();

        void sleepUntil(long deadline) throws InterruptedException;
    }

    private static final Logger LOGGER = Logger.getLogger(PeriodicJob.class.getName());
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final String name;
    private final Duration interval;
    private final boolean waitFirst;
    private final MethodHandle invoker;
    private final Ticker ticker;
    private volatile Thread thread;
    private volatile boolean stopping;

    /**
     * @param name    {@code Class.method}, for thread names and messages
     * @param invoker {@code () -> Object}, bound to the service instance
     */
    PeriodicJob(String name, Duration interval, boolean waitFirst, MethodHandle invoker) {
        this(name, interval, waitFirst, invoker, Ticker.SYSTEM);
    }

    PeriodicJob(String name, Duration interval, boolean waitFirst, MethodHandle invoker, Ticker ticker) {
        this.name = name;
        this.interval = interval;
        this.waitFirst = waitFirst;
        this.invoker = invoker;
        this.ticker = ticker;
    }

    String name() {
        return name;
    }

    Duration interval() {
        return interval;
    }

    /** Starts the schedule; values the job stores go to {@code store}. */
    void start(MonitorStore store) {
        Thread started = new Thread(() -> loop(store), "daeploy-job-" + name);
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    /** Stops the schedule: interrupts a run in progress and waits a moment for it to end. */
    void stop() {
        stopping = true;
        Thread running = thread;
        if (running == null) {
            return;
        }
        running.interrupt();
        try {
            if (!running.join(STOP_WAIT)) {
                LOGGER.warning("Periodic job " + name + " did not stop within " + STOP_WAIT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop(MonitorStore store) {
        MonitorStore.bind(store);
        long intervalNanos = interval.toNanos();
        long next = ticker.nanoTime() + (waitFirst ? intervalNanos : 0);
        try {
            while (!stopping) {
                ticker.sleepUntil(next);
                if (stopping) {
                    return;
                }
                long started = ticker.nanoTime();
                runOnce();
                long elapsed = ticker.nanoTime() - started;
                if (elapsed > intervalNanos && !stopping) {
                    tookTooLong(Duration.ofNanos(elapsed));
                }
                next = Math.max(started + intervalNanos, ticker.nanoTime());
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    private void runOnce() throws InterruptedException {
        try {
            Object ignored = (Object) invoker.invokeExact();
        } catch (Throwable thrown) {
            Throwable cause = thrown instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : thrown;
            if (stopping && cause instanceof InterruptedException) {
                throw (InterruptedException) cause;
            }
            if (cause instanceof VirtualMachineError fatal && !(cause instanceof StackOverflowError)) {
                throw fatal;
            }
            LOGGER.log(Level.SEVERE, "Periodic job " + name + " failed; it runs again in " + Intervals.seconds(interval), cause);
        }
    }

    private void tookTooLong(Duration elapsed) {
        String message = "Periodic job " + name + " took " + Intervals.seconds(elapsed) + ", longer than its interval of "
                + Intervals.seconds(interval) + "; the next run starts right away";
        LOGGER.warning(message);
        // Only with a manager to tell; a service run by hand has the log line.
        try {
            if (Daeploy.connection().managerUrl().isPresent()) {
                Daeploy.notify(message, Severity.WARNING);
            }
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Periodic job " + name + ": the notification could not be raised", e);
        }
    }
}
