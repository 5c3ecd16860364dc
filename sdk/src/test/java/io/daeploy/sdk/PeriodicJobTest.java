package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;

import io.daeploy.common.Json;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** @Every methods: they run on schedule, survive their own exceptions, and say when they overrun. */
class PeriodicJobTest {

    public static class Counter {
        final AtomicInteger runs = new AtomicInteger();

        @Every("50ms")
        public void tick() {
            runs.incrementAndGet();
            Daeploy.store("ticks", runs.get());
        }

        @Entrypoint(method = "GET")
        public int count() {
            return runs.get();
        }
    }

    public static class Patient {
        final AtomicInteger runs = new AtomicInteger();

        @Every(value = "1h", waitFirst = true)
        public void hourly() {
            runs.incrementAndGet();
        }

        @Entrypoint
        public void nothing() {
        }
    }

    public static class Clumsy {
        final AtomicInteger runs = new AtomicInteger();

        @Every("30ms")
        public void fail() {
            runs.incrementAndGet();
            throw new IllegalStateException("sensor unplugged");
        }

        @Entrypoint
        public void nothing() {
        }
    }

    public static class Slow {
        final AtomicInteger runs = new AtomicInteger();

        @Every("100ms")
        public void crawl() throws InterruptedException {
            runs.incrementAndGet();
            Thread.sleep(250);
        }
    }

    public static class NeedsArguments {
        @Every("1s")
        public void job(int x) {
        }
    }

    public static class BadInterval {
        @Every("often")
        public void job() {
        }
    }

    @TempDir
    Path dataDir;

    private ManagerConnection previous;
    private StandInManager manager;

    @BeforeEach
    void noManager() {
        previous = Daeploy.useConnection(ManagerConnection.fromEnvironment(Map.of()));
    }

    @AfterEach
    void restore() {
        Daeploy.useConnection(previous);
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void jobRunsEveryIntervalFromTheStart() {
        Counter counter = new Counter();
        try (RunningService ignored = start(counter)) {
            awaitTrue(() -> counter.runs.get() >= 4, "4 runs of a 50 ms job");
        }
    }

    /** The schedule itself, on a ticker of the test's own: no run waits on a real clock. */
    @Test
    void runsStartOneIntervalApartAndTheNextComesAtOnceAfterAnOverrun() throws Exception {
        List<Long> runTakes = List.of(200L, 200L, 2500L, 200L, 200L); // milliseconds; the third overruns
        ScriptedTicker ticker = new ScriptedTicker(runTakes.size());
        AtomicInteger run = new AtomicInteger();
        PeriodicJob job = new PeriodicJob("Test.job", Duration.ofSeconds(1), false,
                ticker.invoker(() -> ticker.advance(runTakes.get(run.getAndIncrement()))), ticker);

        job.start(null);
        assertEquals(List.of(0L, 1000L, 2000L, 4500L, 5500L), ticker.awaitSleeps(), "when each run was due, in ms");
        job.stop();
    }

    @Test
    void waitFirstMakesTheFirstRunDueAfterOneInterval() throws Exception {
        ScriptedTicker ticker = new ScriptedTicker(2);
        PeriodicJob job = new PeriodicJob("Test.job", Duration.ofSeconds(5), true, ticker.invoker(() -> ticker.advance(10)), ticker);

        job.start(null);
        assertEquals(List.of(5000L, 10000L), ticker.awaitSleeps());
        job.stop();
    }

    /** Time that moves only when a run says it took some; records when each run was due, then ends the loop. */
    private static final class ScriptedTicker implements PeriodicJob.Ticker {
        private final int runs;
        private final List<Long> dueMillis = new CopyOnWriteArrayList<>();
        private final CompletableFuture<List<Long>> done = new CompletableFuture<>();
        private volatile long now;

        ScriptedTicker(int runs) {
            this.runs = runs;
        }

        void advance(long millis) {
            now += Duration.ofMillis(millis).toNanos();
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepUntil(long deadline) throws InterruptedException {
            dueMillis.add(Duration.ofNanos(deadline).toMillis());
            if (dueMillis.size() > runs) {
                done.complete(dueMillis.subList(0, runs));
                throw new InterruptedException("enough runs");
            }
            now = Math.max(now, deadline);
        }

        List<Long> awaitSleeps() throws Exception {
            return done.get(10, TimeUnit.SECONDS);
        }

        MethodHandle invoker(Runnable body) throws ReflectiveOperationException {
            return MethodHandles.lookup()
                    .findVirtual(Runnable.class, "run", MethodType.methodType(void.class))
                    .bindTo(body).asType(MethodType.methodType(Object.class));
        }
    }

    @Test
    void jobStopsWithTheService() throws InterruptedException {
        Counter counter = new Counter();
        start(counter).close();
        int afterStop = counter.runs.get();

        Thread.sleep(200);

        assertEquals(afterStop, counter.runs.get());
    }

    @Test
    void waitFirstDelaysTheFirstRunByOneInterval() throws InterruptedException {
        Patient patient = new Patient();
        try (RunningService ignored = start(patient)) {
            Thread.sleep(200);

            assertEquals(0, patient.runs.get());
        }
    }

    @Test
    void exceptionIsLoggedAndTheScheduleGoesOn() {
        Clumsy clumsy = new Clumsy();
        try (LogCapture log = new LogCapture(PeriodicJob.class.getName());
             RunningService ignored = start(clumsy)) {
            awaitTrue(() -> clumsy.runs.get() >= 3, "3 runs despite the exceptions");

            assertTrue(log.at(Level.SEVERE).getFirst().startsWith("Periodic job Clumsy.fail failed; it runs again in 0.03 s"),
                    log.at(Level.SEVERE).toString());
        }
    }

    @Test
    void overrunIsLoggedAsWarning() {
        Slow slow = new Slow();
        try (LogCapture log = new LogCapture(PeriodicJob.class.getName());
             RunningService ignored = start(slow)) {
            awaitTrue(() -> !log.at(Level.WARNING).isEmpty(), "a warning about the overrun");

            // the figure is however long the run really took: asserted as a number, not near the expected 0.25 s
            assertTrue(log.at(Level.WARNING).getFirst().matches("Periodic job Slow\\.crawl took \\d+(\\.\\d+)? s, longer than its"
                    + " interval of 0\\.1 s; the next run starts right away"), log.at(Level.WARNING).getFirst());
        }
    }

    @Test
    void overrunRaisesAWarningNotificationWhenAManagerIsConnected() {
        manager = new StandInManager();
        Daeploy.useConnection(ManagerConnection.to(manager.uri()).as("slow", "1.0.0"));
        Slow slow = new Slow();
        try (RunningService ignored = start(slow)) {
            awaitTrue(() -> !manager.received().isEmpty(), "a notification at the manager");
        }

        JsonNode notification = read(manager.received().getFirst().body());
        assertEquals("/notifications/", manager.received().getFirst().path());
        assertEquals("WARNING", notification.get("severity").asText());
        assertEquals("slow", notification.get("serviceName").asText());
        assertTrue(notification.get("message").asText().startsWith("Periodic job Slow.crawl took"), notification.toString());
    }

    @Test
    void valuesAJobStoresGoToItsService() {
        Counter counter = new Counter();
        try (RunningService service = start(counter)) {
            awaitTrue(() -> counter.runs.get() >= 2, "2 runs");

            JsonNode ticks = HttpCalls.json(new HttpCalls(service).get("/~monitor?variables=ticks")).get("ticks");
            assertTrue(ticks.get("value").size() >= 2, ticks.toString());
        }
    }

    @Test
    void serviceWithOnlyJobsStarts() {
        Slow slow = new Slow();
        try (RunningService service = start(slow)) {
            assertEquals(404, new HttpCalls(service).post("/crawl", null).statusCode(), "a job is no entrypoint");
        }
    }

    @Test
    void jobWithParametersStopsTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(new NeedsArguments()));

        assertEquals("Periodic job NeedsArguments.job must take no parameters; it is called with none", e.getMessage());
    }

    @Test
    void unreadableIntervalStopsTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(new BadInterval()));

        assertTrue(e.getMessage().startsWith("Periodic job BadInterval.job: @Every(\"often\"): 'often' is not an interval"),
                e.getMessage());
    }

    @Test
    void intervalsTakeACountAndAUnit() {
        assertEquals(Duration.ofMillis(500), Intervals.parse("500ms"));
        assertEquals(Duration.ofSeconds(10), Intervals.parse("10s"));
        assertEquals(Duration.ofMillis(1500), Intervals.parse("1.5 seconds"));
        assertEquals(Duration.ofMinutes(5), Intervals.parse("5m"));
        assertEquals(Duration.ofHours(2), Intervals.parse("2h"));
        assertEquals(Duration.ofDays(1), Intervals.parse("1d"));
        assertEquals(Duration.ofSeconds(30), Intervals.parse("PT30S"));
        for (String text : List.of("", "10", "0s", "10 parsecs", "P1Y")) {
            assertThrows(IllegalArgumentException.class, () -> Intervals.parse(text), text);
        }
    }

    private RunningService start(Object service) {
        return DaeployService.start(service, new ServiceSettings("jobs", "1.0.0", 0, "127.0.0.1", dataDir));
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
