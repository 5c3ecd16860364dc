package io.daeploy.manager.auth;

import io.daeploy.manager.MovableClock;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.HttpErrors;
import io.daeploy.manager.store.Database;
import io.daeploy.manager.testing.PostgresCluster;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two managers on one database, each with its authentication over a connection of its own, as two manager processes
 * would have: on H2 (the same file, opened twice in this JVM) and on PostgreSQL (a database of the tests' cluster).
 */
class SeveralManagersAuthenticationTest {

    private static final AuthSettings SETTINGS = new AuthSettings(true, Optional.of("password from the environment"));

    /** The database both managers use; each call opens it once more, as a manager does at its start. */
    enum Store {
        H2, POSTGRESQL;

        Supplier<Database> shared(Path dataDir) {
            if (this == H2) {
                return () -> Database.open(dataDir);
            }
            PostgresCluster cluster = PostgresCluster.shared();
            String url = cluster.newDatabase();
            return () -> Database.postgresql(url, cluster.user(), cluster.password());
        }
    }

    /** The connections of managers A and B to one database, closed together. */
    private record Managers(Database a, Database b) implements AutoCloseable {

        @Override
        public void close() {
            a.close();
            b.close();
        }
    }

    @TempDir
    Path dataDir;

    private Managers twoManagers(Store kind) {
        Supplier<Database> store = kind.shared(dataDir);
        return new Managers(store.get(), store.get());
    }

    /** What a test does with the authentication of managers A and B, started on one database. */
    @FunctionalInterface
    private interface OnTwoManagers {
        void run(Authentication first, Authentication second) throws Exception;
    }

    /** Starts A and B, with the user ann, and runs the test on them. */
    private void onTwoStartedManagers(Store kind, OnTwoManagers test) throws Exception {
        try (Managers managers = twoManagers(kind)) {
            Authentication first = Authentication.start(SETTINGS, managers.a());
            first.users().add("ann", "ann's password");
            test.run(first, Authentication.start(SETTINGS, managers.b()));
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void aTokenMadeByOneManagerIsAcceptedByTheOther(Store kind) throws Exception {
        onTwoStartedManagers(kind, (first, second) -> {
            assertEquals(Principal.Role.USER, second.tokens().verify(first.tokens().session("ann")).orElseThrow().role());
            String api = (String) first.tokens().apiToken("ann", Optional.empty()).get("token");
            assertEquals("ann", second.tokens().verify(api).orElseThrow().name());
            String service = first.serviceToken("hello_1.0.0").orElseThrow();
            assertEquals(Principal.Role.SERVICE, second.tokens().verify(service).orElseThrow().role());
            assertEquals(service, second.serviceToken("hello_1.0.0").orElseThrow(), "one token per version, whoever asks");
        });
    }

    /**
     * Each token is verified on B first, so that B remembers it as valid; then revoked, logged out or its user removed
     * on A. B refuses it within a second, without any call on B but the verifications.
     */
    @ParameterizedTest
    @EnumSource(Store.class)
    void aRevocationALogoutOrARemovalOnOneManagerHoldsOnTheOtherWithinASecond(Store kind) throws Exception {
        onTwoStartedManagers(kind, (first, second) -> {
            first.users().add("bob", "bob's password");

            Map<String, Object> api = first.tokens().apiToken("ann", Optional.of(Duration.ofDays(1)));
            assertRefusedOnBWithinASecond(second, (String) api.get("token"), () -> first.tokens().revoke("ann", (String) api.get("id")));

            String session = first.tokens().session("ann");
            assertRefusedOnBWithinASecond(second, session, () -> first.tokens().endSession(session));

            String service = first.serviceToken("hello_1.0.0").orElseThrow();
            assertRefusedOnBWithinASecond(second, service, () -> first.revokeServiceToken("hello_1.0.0"));

            String bobs = second.tokens().session("bob");
            assertRefusedOnBWithinASecond(second, bobs, () -> {
                first.users().remove("bob");
                first.tokens().revokeAll("bob");
            });
            assertTrue(second.tokens().verify(first.tokens().session("ann")).isPresent(), "other sessions keep working");
        });
    }

    private static void assertRefusedOnBWithinASecond(Authentication b, String token, Runnable changeOnA)
            throws InterruptedException {
        assertTrue(b.tokens().verify(token).isPresent(), "accepted on B before the change");
        long started = System.nanoTime();
        changeOnA.run();
        while (b.tokens().verify(token).isPresent()) {
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(1).toNanos(), "still accepted on B after a second");
            Thread.sleep(5);
        }
        System.out.printf("refused on B %d ms after the change on A%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void failedLoginsSpreadOverBothManagersLockTheNameAfterFiveInTotal(Store kind) {
        MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
        try (Managers managers = twoManagers(kind)) {
            UserService first = cheapUsers(managers.a(), clock);
            UserService second = cheapUsers(managers.b(), clock);
            first.add("ann", "ann's password");
            for (int i = 0; i < LoginThrottle.FREE_ATTEMPTS; i++) {
                UserService users = i % 2 == 0 ? first : second;
                assertEquals(401, HttpErrors.status(assertThrows(DomainException.class, () -> users.authenticate("ann", "guess"))).code());
            }
            for (UserService users : List.of(first, second)) {
                DomainException locked = assertThrows(DomainException.class, () -> users.authenticate("ann", "ann's password"));
                assertEquals(429, HttpErrors.status(locked).code());
                assertEquals("Too many failed logins for ann; try again in 30 s", locked.getMessage());
            }
            clock.advance(LoginThrottle.FIRST_LOCK);
            assertEquals("ann", second.authenticate("ann", "ann's password"));
        }
    }

    /** Failures counted at the same moment on both managers: none is lost. */
    @ParameterizedTest
    @EnumSource(Store.class)
    void failuresAtTheSameTimeOnBothManagersAllCount(Store kind) throws Exception {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        int each = 25;
        try (Managers managers = twoManagers(kind); ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Database a = managers.a();
            Database b = managers.b();
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<?>> done = new ArrayList<>();
            for (Database database : List.of(a, b)) {
                LoginThrottle throttle = new LoginThrottle(new LoginFailures(database));
                done.add(threads.submit(() -> {
                    together.await();
                    for (int i = 0; i < each; i++) {
                        throttle.failed("ann", now);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertEquals(2 * each, new LoginFailures(a).read("ann").orElseThrow().failures().count());
            assertEquals(LoginThrottle.MAX_LOCK, new LoginThrottle(new LoginFailures(b)).lockedFor("ann", now).orElseThrow());
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void anAdminPasswordChangedThroughOneManagerIsKeptWhenAnotherStarts(Store kind) {
        try (Managers managers = twoManagers(kind)) {
            Authentication first = Authentication.start(SETTINGS, managers.a());
            first.users().changePassword("admin", "changed through the API");

            Authentication second = Authentication.start(SETTINGS, managers.b());
            for (Authentication manager : List.of(first, second)) {
                assertEquals("admin", manager.users().authenticate("admin", "changed through the API"));
                assertEquals(401, HttpErrors.status(assertThrows(DomainException.class,
                        () -> manager.users().authenticate("admin", SETTINGS.adminPassword().orElseThrow()))).code());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void twoManagersStartingAtOnceOnAnEmptyDatabaseCreateOneAdmin(Store kind) throws Exception {
        try (Managers managers = twoManagers(kind); ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Database a = managers.a();
            Database b = managers.b();
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<Authentication>> started = new ArrayList<>();
            for (Database database : List.of(a, b)) {
                String password = database == a ? "password of A" : "password of B";
                started.add(threads.submit(() -> {
                    together.await();
                    return Authentication.start(new AuthSettings(true, Optional.of(password)), database);
                }));
            }
            Authentication first = started.get(0).get();
            started.get(1).get();
            assertEquals(List.of(1), a.query("SELECT COUNT(*) FROM manager_user WHERE name = 'admin'", row -> row.getInt(1)));
            List<Boolean> accepted = new ArrayList<>();
            for (String password : List.of("password of A", "password of B")) {
                try {
                    first.users().authenticate("admin", password);
                    accepted.add(true);
                } catch (DomainException e) {
                    assertEquals(401, HttpErrors.status(e).code());
                    accepted.add(false);
                }
            }
            assertTrue(accepted.contains(true) && accepted.contains(false), "the password of exactly one start: " + accepted);
        }
    }

    private static UserService cheapUsers(Database database, Clock clock) {
        Passwords cheap = new Passwords((password, salt, iterations) -> CheapPasswords.sha256(password, salt));
        return new UserService(new AuthStore(database), new LoginThrottle(new LoginFailures(database)), clock, cheap);
    }
}
