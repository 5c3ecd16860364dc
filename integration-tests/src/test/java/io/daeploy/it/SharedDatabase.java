package io.daeploy.it;

import io.daeploy.manager.testing.PostgresCluster;

import java.util.Map;

/** Several managers' settings for one new database of the tests' own PostgreSQL cluster. */
final class SharedDatabase {

    private SharedDatabase() {
    }

    /** A new database, and a lease short enough for a test to see it move. */
    static Map<String, String> fresh(int leaseSeconds) {
        PostgresCluster cluster = PostgresCluster.shared();
        return ManagerProcess.env("DAEPLOY_DATABASE_URL", cluster.newDatabase(), "DAEPLOY_DATABASE_USER", cluster.user(),
                "DAEPLOY_DATABASE_PASSWORD", cluster.password(), "DAEPLOY_LEASE_SECONDS", Integer.toString(leaseSeconds));
    }
}
