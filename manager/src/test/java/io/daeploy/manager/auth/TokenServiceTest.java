package io.daeploy.manager.auth;

import io.daeploy.manager.store.Database;
import io.daeploy.manager.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against the manager's real H2 database in a temporary folder. */
class TokenServiceTest {

    @Test
    void aLoggedOutSessionStopsWorkingAlsoAfterARestartAndOtherTokensKeepWorking(@TempDir Path dataDir) {
        String session;
        String otherSession;
        String apiToken;
        try (Database database = TestDatabases.open(dataDir)) {
            AuthStore store = new AuthStore(database);
            store.putUser("ann", "not a real hash", false);
            TokenService tokens = new TokenService(store);
            session = tokens.session("ann");
            otherSession = tokens.session("ann");
            apiToken = (String) tokens.apiToken("ann", Optional.of(Duration.ofDays(1))).get("token");
            assertEquals("ann", tokens.verify(session).orElseThrow().name());

            assertTrue(tokens.endSession(session));
            assertTrue(tokens.verify(session).isEmpty(), "the logged-out session");
            assertFalse(tokens.endSession(session), "already ended");
            assertFalse(tokens.endSession(apiToken), "logout does not revoke API tokens");
            assertFalse(tokens.endSession("not-a-jwt"));
            assertTrue(tokens.verify(otherSession).isPresent(), "another session of the same user");
            assertTrue(tokens.verify(apiToken).isPresent());
        }
        try (Database database = TestDatabases.open(dataDir)) {
            TokenService afterRestart = new TokenService(new AuthStore(database));
            assertTrue(afterRestart.verify(session).isEmpty(), "still logged out after a restart");
            assertTrue(afterRestart.verify(otherSession).isPresent());
        }
    }

    @Test
    void revokedTokensAreRefusedAfterHavingBeenAccepted(@TempDir Path dataDir) {
        try (Database database = TestDatabases.open(dataDir)) {
            AuthStore store = new AuthStore(database);
            store.putUser("ann", "not a real hash", false);
            TokenService tokens = new TokenService(store);
            Map<String, Object> expiring = tokens.apiToken("ann", Optional.of(Duration.ofDays(1)));
            Map<String, Object> forever = tokens.apiToken("ann", Optional.empty());
            String service = tokens.serviceToken("hello_1.0.0");
            for (Map<String, Object> api : List.of(expiring, forever)) {
                assertTrue(tokens.verify((String) api.get("token")).isPresent());
                assertTrue(tokens.revoke("ann", (String) api.get("id")));
                assertTrue(tokens.verify((String) api.get("token")).isEmpty(), api.toString());
                assertFalse(tokens.revoke("ann", (String) api.get("id")), "already revoked");
            }
            assertFalse(tokens.revoke("ann", "no-such-id"));

            assertEquals(Principal.Role.SERVICE, tokens.verify(service).orElseThrow().role());
            tokens.revokeServiceToken("hello_1.0.0");
            assertTrue(tokens.verify(service).isEmpty());
            assertNotEquals(service, tokens.serviceToken("hello_1.0.0"), "a new deploy of the version gets a new token");
        }
    }

    @Test
    void anotherUsersTokenCannotBeRevoked(@TempDir Path dataDir) {
        try (Database database = TestDatabases.open(dataDir)) {
            AuthStore store = new AuthStore(database);
            store.putUser("ann", "not a real hash", false);
            store.putUser("bob", "not a real hash", false);
            TokenService tokens = new TokenService(store);
            Map<String, Object> anns = tokens.apiToken("ann", Optional.empty());
            assertFalse(tokens.revoke("bob", (String) anns.get("id")));
            assertTrue(tokens.verify((String) anns.get("token")).isPresent());
        }
    }

    /**
     * A verify that runs while a revoke is under way must not leave "valid" in the cache: here it runs just
     * before the database changes, the moment a cache cleared first would be filled again.
     */
    @Test
    void aVerifyDuringARevokeDoesNotCacheTheTokenAsValid(@TempDir Path dataDir) {
        try (Database database = TestDatabases.open(dataDir)) {
            AtomicReference<Runnable> beforeUpdate = new AtomicReference<>(() -> { });
            AuthStore store = new AuthStore(database) {
                @Override
                boolean revoke(String id) {
                    beforeUpdate.get().run();
                    return super.revoke(id);
                }

                @Override
                int revokeAllOf(String subject) {
                    beforeUpdate.get().run();
                    return super.revokeAllOf(subject);
                }
            };
            store.putUser("ann", "not a real hash", false);
            TokenService tokens = new TokenService(store);
            Map<String, Object> api = tokens.apiToken("ann", Optional.empty());
            String apiToken = (String) api.get("token");
            String other = (String) tokens.apiToken("ann", Optional.empty()).get("token");
            String service = tokens.serviceToken("hello_1.0.0");

            beforeUpdate.set(() -> tokens.verify(apiToken));
            assertTrue(tokens.revoke("ann", (String) api.get("id")));
            assertTrue(tokens.verify(apiToken).isEmpty(), "revoke");

            beforeUpdate.set(() -> tokens.verify(service));
            tokens.revokeServiceToken("hello_1.0.0");
            assertTrue(tokens.verify(service).isEmpty(), "revokeServiceToken");

            beforeUpdate.set(() -> tokens.verify(other));
            tokens.revokeAll("ann");
            assertTrue(tokens.verify(other).isEmpty(), "revokeAll");
        }
    }
}
