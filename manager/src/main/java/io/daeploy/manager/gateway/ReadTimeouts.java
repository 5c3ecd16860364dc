package io.daeploy.manager.gateway;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's read time-out, kept by one sweeper instead of a socket time-out per read.
 *
 * <p>A socket time-out makes every blocking read of a virtual thread a timed park, and each timed park
 * schedules and cancels a task on the JDK's unparker thread: about 2.7 futex calls per proxied request,
 * a third of the gateway's CPU. Here a read only stamps its deadline; a sweeper thread looks a few times
 * per time-out and closes the connection of a read that waited too long, which then fails as a
 * {@link SocketTimeoutException} (and becomes a 504).
 */
final class ReadTimeouts {

    /** No time-out: reads wait as long as the service takes. */
    static final ReadTimeouts NONE = new ReadTimeouts(Duration.ZERO);

    private final long timeoutNanos;
    private final long tickMillis;
    private final Set<Deadline> watched = ConcurrentHashMap.newKeySet();
    private final Object sweeperLock = new Object();
    private boolean sweeping;

    ReadTimeouts(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        // a read may overrun its time-out by one tick at most
        this.tickMillis = Math.clamp(timeout.toMillis() / 10, 20, 1000);
    }

    /** A deadline for the reads of one connection; {@code onExpiry} closes it. */
    Deadline watch(Closeable onExpiry) {
        Deadline deadline = new Deadline(onExpiry);
        if (timeoutNanos > 0) {
            watched.add(deadline);
            startSweeperIfIdle();
        }
        return deadline;
    }

    private void startSweeperIfIdle() {
        synchronized (sweeperLock) {
            if (!sweeping) {
                sweeping = true;
                Thread.ofPlatform().daemon().name("daeploy-gateway-read-timeouts").start(this::sweep);
            }
        }
    }

    /** Runs while any connection is open; ends when none is, and starts again with the next one. */
    private void sweep() {
        while (true) {
            try {
                TimeUnit.MILLISECONDS.sleep(tickMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = System.nanoTime();
            for (Deadline deadline : watched) {
                deadline.expireIfPast(now);
            }
            synchronized (sweeperLock) {
                if (watched.isEmpty()) {
                    sweeping = false;
                    return;
                }
            }
        }
    }

    /** The deadline of the read in progress on one connection, if any. */
    final class Deadline {

        private static final long IDLE = Long.MAX_VALUE;
        private static final long EXPIRED = Long.MIN_VALUE;

        private final AtomicLong expiresAt = new AtomicLong(IDLE);
        private final Closeable onExpiry;

        private Deadline(Closeable onExpiry) {
            this.onExpiry = onExpiry;
        }

        /** Before a blocking read. */
        void arm() {
            if (timeoutNanos > 0) {
                expiresAt.set(System.nanoTime() + timeoutNanos);
            }
        }

        /** After a read returned or failed: throws the time-out if the sweeper ended it. */
        void disarm() throws SocketTimeoutException {
            if (timeoutNanos > 0 && expiresAt.getAndSet(IDLE) == EXPIRED) {
                throw new SocketTimeoutException("no answer within " + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s");
            }
        }

        /** The connection is closed: nothing to watch any more. */
        void forget() {
            watched.remove(this);
        }

        private void expireIfPast(long now) {
            long at = expiresAt.get();
            if (at != IDLE && at != EXPIRED && now - at >= 0 && expiresAt.compareAndSet(at, EXPIRED)) {
                try {
                    onExpiry.close(); // unblocks the read, which then reports the time-out
                } catch (IOException ignored) {
                    // closed anyway
                }
            }
        }
    }
}
