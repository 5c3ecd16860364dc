package io.daeploy.sdk;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One service's monitoring store. {@link #store} only converts the value and puts it on a bounded queue, so an
 * entrypoint never waits for the database; one writer thread, started with the first value, writes batches and
 * applies the retention limit. When the queue is full, new values are dropped and counted, with a WARNING.
 */
final class MonitorStore implements AutoCloseable {

    /** The reader that answers a value's question, e.g. {@code connection -> variables(connection)}. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Connection connection) throws SQLException;
    }

    private static final Logger LOGGER = Logger.getLogger(MonitorStore.class.getName());
    private static final int BATCH_SIZE = 1000;
    private static final long DROP_WARNING_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long IDLE_POLL_MILLIS = 1000;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /** Wakes a waiting writer when the store closes; never written. */
    private static final MonitoredValue WAKE_UP = MonitoredValue.text("", Instant.EPOCH, "");

    // Daeploy.store finds its service: the one whose entrypoint or job runs on this thread, else the last started.
    private static final ThreadLocal<MonitorStore> CURRENT = new ThreadLocal<>();
    private static final List<MonitorStore> OPEN = new CopyOnWriteArrayList<>();
    private static final AtomicBoolean WARNED_NO_SERVICE = new AtomicBoolean();

    private final String serviceName;
    private final MonitorSettings settings;
    private final MonitorDatabase database;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final BlockingQueue<MonitoredValue> queue;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Object progress = new Object();
    private final AtomicBoolean writerStarted = new AtomicBoolean();
    private volatile long lastDropWarning = System.nanoTime() - DROP_WARNING_EVERY_NANOS;
    private volatile Thread writer;
    private volatile boolean closing;
    /** Tests hold the writer back with it to fill the queue; null otherwise. */
    volatile CountDownLatch writerGate;

    MonitorStore(String serviceName, MonitorSettings settings, ObjectMapper mapper) {
        this(serviceName, settings, mapper, Clock.systemUTC());
    }

    MonitorStore(String serviceName, MonitorSettings settings, ObjectMapper mapper, Clock clock) {
        this.serviceName = serviceName;
        this.settings = settings;
        this.database = new MonitorDatabase(settings.directory());
        this.mapper = mapper;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    }

    // ---- which store Daeploy.store uses ----

    /** Makes this the store of the last started service, used by threads that belong to no service. */
    void register() {
        OPEN.add(this);
    }

    /** The store of the service this thread works for; null when no service runs in this JVM. */
    static MonitorStore current() {
        MonitorStore bound = CURRENT.get();
        if (bound != null) {
            return bound;
        }
        MonitorStore last = null;
        for (MonitorStore store : OPEN) {
            last = store;
        }
        return last;
    }

    /** Binds this thread to {@code store} (an entrypoint call or a job run); answers what was bound before. */
    static MonitorStore bind(MonitorStore store) {
        MonitorStore previous = CURRENT.get();
        CURRENT.set(store);
        return previous;
    }

    static void restore(MonitorStore previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    static boolean warnNoService() {
        if (WARNED_NO_SERVICE.compareAndSet(false, true)) {
            LOGGER.warning("Daeploy.store: no Daeploy service runs in this JVM, so values are not stored;"
                    + " they are stored once the service is started with DaeployService.run or start");
        }
        return false;
    }

    // ---- storing ----

    /** Stores one value now; false when it was not kept (full queue, a value that is no JSON, a stopped service). */
    boolean store(String variable, Object value) {
        MonitoredValue converted = convert(variable, value, clock.instant());
        return converted != null && offer(converted);
    }

    /** Stores several values with one timestamp; false when any was not kept. */
    boolean store(Map<String, ?> values) {
        Instant now = clock.instant();
        boolean all = true;
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            MonitoredValue converted = convert(entry.getKey(), entry.getValue(), now);
            all &= converted != null && offer(converted);
        }
        return all;
    }

    /** Stores a value already converted, with its own timestamp. */
    boolean offer(MonitoredValue value) {
        if (closing) {
            return false;
        }
        startWriter();
        if (queue.offer(value)) {
            accepted.incrementAndGet();
            return true;
        }
        long total = dropped.incrementAndGet();
        long now = System.nanoTime();
        long last = lastDropWarning;
        if (now - last >= DROP_WARNING_EVERY_NANOS) {
            lastDropWarning = now; // two threads may both log once: harmless
            LOGGER.warning("Monitoring store of " + serviceName + " is full (" + settings.queueCapacity()
                    + " values waiting to be written): dropped " + total + " value(s) so far, the latest of '"
                    + value.variable() + "'");
        }
        return false;
    }

    /** The value as a number, a text or JSON, taken now so that later changes to the object do not count. */
    private MonitoredValue convert(String variable, Object value, Instant timestamp) {
        checkVariable(variable);
        if (value == null) {
            throw new IllegalArgumentException("Daeploy.store: the value of '" + variable + "' is null; store a number,"
                    + " a text or an object that Jackson writes as JSON");
        }
        MonitoredValue converted;
        if (value instanceof Number number) {
            converted = MonitoredValue.number(variable, timestamp, number.doubleValue());
        } else if (value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>) {
            converted = MonitoredValue.text(variable, timestamp, value instanceof Enum<?> e ? e.name() : value.toString());
        } else {
            try {
                converted = MonitoredValue.json(variable, timestamp, mapper.writeValueAsString(value));
            } catch (JsonProcessingException e) {
                LOGGER.warning("Daeploy.store: the value of '" + variable + "' (" + value.getClass().getName()
                        + ") cannot be written as JSON, not stored: " + e.getOriginalMessage());
                return null;
            }
        }
        if (converted.text() != null && converted.text().length() > MonitorDatabase.MAX_TEXT_LENGTH) {
            LOGGER.warning("Daeploy.store: the value of '" + variable + "' is " + converted.text().length()
                    + " characters long, more than the " + MonitorDatabase.MAX_TEXT_LENGTH + " a value may have; not stored");
            return null;
        }
        return converted;
    }

    static void checkVariable(String variable) {
        if (variable == null || variable.isBlank()) {
            throw new IllegalArgumentException("Daeploy.store: the variable name must not be blank");
        }
        if (variable.length() > 255) {
            throw new IllegalArgumentException("Daeploy.store: the variable name is longer than 255 characters: "
                    + variable.substring(0, 40) + "...");
        }
    }

    /** Values refused because the queue was full (or the database could not take them). */
    long dropped() {
        return dropped.get();
    }

    /** Waits until every value accepted before this call is written (or failed); false on timeout. */
    boolean flush(Duration timeout) {
        long target = accepted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (processed.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || writer == null) {
                    return processed.get() >= target;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    // ---- reading ----

    /**
     * Runs {@code reader} on the database after the values stored so far are written; {@code empty} when nothing
     * was ever stored (no database file yet).
     */
    <T> T read(Reader<T> reader, T empty) throws SQLException {
        flush(Duration.ofSeconds(2));
        if (!database.exists()) {
            return empty;
        }
        try (Connection connection = database.openExisting()) {
            return reader.read(connection);
        } catch (SQLException e) {
            if (e.getErrorCode() == org.h2.api.ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1
                    || e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1) {
                return empty; // the writer is creating it right now
            }
            throw e;
        }
    }

    String serviceName() {
        return serviceName;
    }

    // ---- the writer ----

    private void startWriter() {
        if (writer == null && writerStarted.compareAndSet(false, true)) {
            Thread thread = new Thread(this::write, "daeploy-monitor-" + serviceName);
            thread.setDaemon(true);
            writer = thread;
            thread.start();
        }
    }

    private void write() {
        Connection connection = null;
        long nextClean = 0;
        long nextOpenAttempt = 0;
        List<MonitoredValue> batch = new ArrayList<>(BATCH_SIZE);
        try {
            CountDownLatch gate = writerGate;
            if (gate != null) {
                gate.await();
            }
            while (true) {
                if (connection == null && System.nanoTime() >= nextOpenAttempt) {
                    connection = open();
                    nextOpenAttempt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    nextClean = System.nanoTime(); // apply the limit to what an earlier run left, then every interval
                }
                if (connection != null && System.nanoTime() - nextClean >= 0) {
                    clean(connection);
                    nextClean = System.nanoTime() + settings.cleanInterval().toNanos();
                }
                long waitMillis = connection == null ? IDLE_POLL_MILLIS
                        : Math.max(1, Math.min(IDLE_POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(nextClean - System.nanoTime())));
                MonitoredValue first = queue.poll(closing ? 10 : waitMillis, TimeUnit.MILLISECONDS);
                if (first == null || first == WAKE_UP) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH_SIZE - 1);
                batch.removeIf(value -> value == WAKE_UP);
                if (!insert(connection, batch)) {
                    dropped.addAndGet(batch.size());
                }
                processed.addAndGet(batch.size());
                batch.clear();
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(connection);
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    private Connection open() {
        try {
            return database.openCreating();
        } catch (SQLException e) {
            LOGGER.log(Level.SEVERE, "Monitoring store of " + serviceName + " cannot open its database " + database.file()
                    + " (" + e.getMessage() + "); stored values are dropped until it can (set "
                    + ServiceSettings.SERVICE_DATA_DIR + " to a folder the service may write)");
            return null;
        }
    }

    private boolean insert(Connection connection, List<MonitoredValue> batch) {
        if (connection == null) {
            return false;
        }
        try {
            MonitorDatabase.insert(connection, batch);
            return true;
        } catch (SQLException e) {
            LOGGER.log(Level.WARNING, "Monitoring store of " + serviceName + " could not write " + batch.size()
                    + " value(s): " + e.getMessage());
            return false;
        }
    }

    private void clean(Connection connection) {
        try {
            int deleted = MonitorDatabase.clean(connection, settings.limit(), clock.instant());
            if (deleted > 0) {
                LOGGER.info("Monitoring store of " + serviceName + ": deleted " + deleted + " value(s) beyond the limit "
                        + settings.limit());
            }
        } catch (SQLException e) {
            LOGGER.log(Level.WARNING, "Monitoring store of " + serviceName + " could not apply its limit: " + e.getMessage());
        }
    }

    /** Writes what is queued, stops the writer and closes the database; later values are refused. */
    @Override
    public void close() {
        closing = true;
        OPEN.remove(this);
        Thread thread = writer;
        if (thread != null) {
            queue.offer(WAKE_UP); // a full queue needs no waking: the writer is busy with it
            try {
                if (!thread.join(CLOSE_WAIT)) {
                    LOGGER.warning("Monitoring store of " + serviceName + " did not finish writing within "
                            + CLOSE_WAIT.toSeconds() + " s; " + queue.size() + " value(s) are lost");
                    thread.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                thread.interrupt();
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOGGER.log(Level.FINE, "closing the monitoring database", e);
            }
        }
    }
}
