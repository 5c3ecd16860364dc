package io.daeploy.manager.testing;

import io.daeploy.manager.store.Database;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL cluster of one test class's own, which its tests may stop and start (a database that goes away):
 * {@code @RegisterExtension static final OwnPostgresCluster POSTGRESQL = new OwnPostgresCluster();}, started before the
 * class's tests and removed after them.
 */
public final class OwnPostgresCluster implements BeforeAllCallback, AfterAllCallback {

    private PostgresCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = PostgresCluster.startOwn();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A new, empty database of the cluster as the manager's store, migrated. */
    public Database newStore() {
        return Database.postgresql(cluster.newDatabase(), cluster.user(), cluster.password());
    }

    /** Stops the server at once, as a crash would. */
    public void stopServer() {
        cluster.stopServer();
    }

    public void startServer() {
        cluster.startServer();
    }
}
