package io.daeploy.manager.auth;

import io.daeploy.manager.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against the manager's real H2 database in a temporary folder. */
class TokenServiceTest {

    @Test
    void aLoggedOutSessionStopsWorkingAlsoAfterARestartAndOtherTokensKeepWorking(@TempDir Path dataDir) {
        String session;
        String otherSession;
        String apiToken;
        try (Database database = Database.open(dataDir)) {
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
        try (Database database = Database.open(dataDir)) {
            TokenService afterRestart = new TokenService(new AuthStore(database));
            assertTrue(afterRestart.verify(session).isEmpty(), "still logged out after a restart");
            assertTrue(afterRestart.verify(otherSession).isPresent());
        }
    }
}
