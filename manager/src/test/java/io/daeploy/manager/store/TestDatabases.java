package io.daeploy.manager.store;

import io.daeploy.manager.testing.PostgresCluster;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store of the tests that use a real database: H2 in the data directory, or with
 * {@code -Ddaeploy.test.database=postgresql} (the manager's second test run) a database of the tests' own PostgreSQL
 * cluster, one per data directory, so that opening the same data directory again is a restart on the same data.
 */
public final class TestDatabases {

    private static final Map<Path, String> POSTGRESQL_URLS = new ConcurrentHashMap<>();

    private TestDatabases() {
    }

    public static boolean postgresql() {
        return "postgresql".equals(System.getProperty("daeploy.test.database"));
    }

    public static Database open(Path dataDir) {
        if (!postgresql()) {
            return Database.open(dataDir);
        }
        PostgresCluster cluster = PostgresCluster.shared();
        String url = POSTGRESQL_URLS.computeIfAbsent(dataDir.toAbsolutePath(), dir -> cluster.newDatabase());
        return Database.postgresql(url, cluster.user(), cluster.password());
    }
}
