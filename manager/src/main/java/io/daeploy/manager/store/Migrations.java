package io.daeploy.manager.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.util.logging.Logger;

/**
 * Brings a database to the schema this manager needs: the migrations of {@code db/migration}, in order, each once.
 * A data directory of a manager from before migrations has tables but no history: it is taken as version 0, so that
 * the first migration (all {@code CREATE TABLE IF NOT EXISTS}) completes it and the later ones change it.
 */
final class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    private Migrations() {
    }

    static void apply(String url, String user) {
        MigrateResult result = Flyway.configure()
                .dataSource(url, user, "")
                .locations("classpath:db/migration")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .baselineDescription("schema of a manager from before migrations")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info(() -> "Database schema migrated to version " + result.targetSchemaVersion + " ("
                    + result.migrationsExecuted + " migration(s))");
        }
    }
}
