package io.daeploy.manager.core.leader;

import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.store.Fence;
import io.daeploy.manager.store.LeaseRepository;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether this manager leads: it holds the lease row of the database, renews it every third of its duration, and a
 * manager that follows tries to take it over at the same pace (and at once when told that it was released). Leading is
 * judged on this machine's monotonic clock as well: a leader that could not renew in time (paused, cut off from the
 * database) stops leading before the lease expires in the database, so it never acts while another leads.
 */
public final class Leadership implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Leadership.class.getName());

    /** What changes when this manager starts or stops leading. Called on the leadership's own thread, one at a time. */
    public interface Listener {
        void elected(Fence fence);

        void deposed(String why);
    }

    private final LeaseRepository leases;
    private final String name;
    private final Duration lease;
    private final ScheduledExecutorService timer;
    private Listener listener;
    private volatile Fence fence;
    private volatile long validUntilNanos;
    private volatile boolean closed;
    private boolean toldAway;

    public Leadership(LeaseRepository leases, String name, Duration lease) {
        this.leases = leases;
        this.name = name;
        this.lease = lease;
        this.timer = leases == null ? null : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("daeploy-leadership").daemon().factory());
    }

    /** The only manager there is (tests of one manager's parts): it always leads, and its writes are not fenced. */
    public static Leadership sole() {
        return sole("sole");
    }

    /**
     * The only manager on its store: H2 in a data directory, which one manager holds at a time (its lock). It leads
     * from its start, even in a new container of a new host name, without waiting for a lease of its own to expire.
     */
    public static Leadership sole(String name) {
        return new Leadership(null, name, Duration.ofDays(1));
    }

    /** Tries for the lease now (on the caller's thread), then every third of its duration; {@code listener} hears every change. */
    public void start(Listener listener) {
        this.listener = listener;
        if (timer == null) {
            listener.elected(null);
            return;
        }
        tick(); // at once: a manager alone on its store leads before it answers its first request
        long every = Math.max(1, lease.toMillis() / 3);
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** Another manager released the lease, or took it: look now rather than at the next tick. */
    public void lookNow() {
        if (timer != null && !closed) {
            timer.execute(this::tick);
        }
    }

    /** Whether this manager leads now. */
    public boolean leads() {
        return timer == null || fence != null && System.nanoTime() - validUntilNanos < 0;
    }

    /**
     * What the leader's writes carry; null for the {@linkplain #sole sole} manager.
     *
     * @throws NotLeader when this manager does not lead (any more)
     */
    public Fence fence() {
        Fence held = fence;
        if (timer == null) {
            return null;
        }
        if (held == null || System.nanoTime() - validUntilNanos >= 0) {
            throw new NotLeader(name);
        }
        return held;
    }

    /** This manager's name, the lease holder's when it leads. */
    public String name() {
        return name;
    }

    private synchronized void tick() {
        if (closed) {
            return;
        }
        long startedNanos = System.nanoTime();
        long now = System.currentTimeMillis();
        long expiresAt = now + lease.toMillis();
        try {
            Fence held = fence;
            if (held != null) {
                if (leases.renew(held, expiresAt)) {
                    validUntilNanos = startedNanos + validity();
                } else {
                    depose("another manager took the lease over");
                }
            } else {
                leases.acquire(name, now, expiresAt).ifPresent(taken -> {
                    fence = taken;
                    validUntilNanos = startedNanos + validity();
                    LOG.info(() -> "This manager (" + name + ") leads now (lease generation " + taken.generation() + ")");
                    listener.elected(taken);
                });
            }
            toldAway = false;
        } catch (DomainException e) {
            if (!toldAway) {
                LOG.warning(() -> "Cannot reach the database to " + (fence != null ? "renew" : "try for") + " the leader's lease: "
                        + e.getMessage());
                toldAway = true;
            }
            if (fence != null && System.nanoTime() - validUntilNanos >= 0) {
                depose("its lease ran out while the database could not be reached");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The leader's lease could not be looked at; the next tick tries again", e);
        }
    }

    /** Less than the lease: another manager's clock may run a little ahead of this one. */
    private long validity() {
        return lease.toNanos() - lease.toNanos() / 5;
    }

    private void depose(String why) {
        fence = null;
        LOG.warning(() -> "This manager (" + name + ") does not lead any more: " + why);
        listener.deposed(why);
    }

    /**
     * Stops leading for good (this manager stops) and gives the lease up at once, so that another manager leads without
     * waiting for it to expire.
     */
    public synchronized void handOver() {
        closed = true; // and never tries for it again
        Fence held = fence;
        if (timer == null || held == null) {
            return;
        }
        timer.shutdownNow();
        fence = null;
        try {
            leases.release(held);
            LOG.info(() -> "This manager (" + name + ") handed the leader's lease over");
        } catch (RuntimeException e) {
            LOG.warning(() -> "Could not release the leader's lease (" + e.getMessage() + "); it expires within "
                    + lease.toSeconds() + " s");
        }
        listener.deposed("it stops");
    }

    @Override
    public void close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
