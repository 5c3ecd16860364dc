package io.daeploy.manager.auth;

import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.store.Database;
import io.daeploy.manager.testing.OwnPostgresCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens while a PostgreSQL store is away (a cluster of this test's own, stopped as a crash would and started again):
 * those already verified keep working from what the manager remembers; one that needs the database is unavailable
 * (a 503 at the edge), never refused (a 401), and works once the database is back.
 */
class TokensWhileTheDatabaseIsAwayTest {

    @RegisterExtension
    static final OwnPostgresCluster POSTGRESQL = new OwnPostgresCluster();

    @Test
    void verifiedTokensKeepWorkingAndAnUnseenOneWaitsForTheDatabase() throws InterruptedException {
        try (Database database = POSTGRESQL.newStore()) {
            AuthStore store = new AuthStore(database);
            store.putUser("ann", "not a real hash", false);
            TokenService tokens = new TokenService(store);
            String session = tokens.session("ann");
            String seen = (String) tokens.apiToken("ann", Optional.of(Duration.ofDays(1))).get("token");
            String unseen = (String) tokens.apiToken("ann", Optional.empty()).get("token");
            assertEquals("ann", tokens.verify(session).orElseThrow().name());
            assertEquals("ann", tokens.verify(seen).orElseThrow().name());

            POSTGRESQL.stopServer();
            Thread.sleep(RevocationFollower.INTERVAL.toMillis() + 100); // the next verify reads the revocations, and fails
            assertEquals("ann", tokens.verify(session).orElseThrow().name(), "a login cookie seen before");
            assertEquals("ann", tokens.verify(seen).orElseThrow().name(), "an API token seen before");
            DomainException waiting = assertThrows(DomainException.class, () -> tokens.verify(unseen));
            assertEquals(DomainException.Kind.UNAVAILABLE, waiting.kind(), waiting.getMessage());

            POSTGRESQL.startServer();
            assertTrue(tokens.verify(unseen).isPresent(), "checked once the database is back");
        }
    }
}
