package io.daeploy.manager.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.util.logging.Logger;

/**
 * Brings a database to the schema this manager needs: the migrations of {@code db/migration/common} and of the
 * database's own folder ({@code h2}, {@code postgresql}), in order, each once. The first two came before PostgreSQL and
 * are H2's own SQL; they stay as they were, since Flyway checks the checksums of applied migrations, and PostgreSQL
 * has its counterparts of the same versions. Every later one is in {@code common} and runs on both.
 * A data directory of a manager from before migrations has tables but no history: it is taken as version 0, so that
 * the first migration (all {@code CREATE TABLE IF NOT EXISTS}) completes it and the later ones change it.
 */
final class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    private Migrations() {
    }

    static void apply(Database.Kind kind, String url, String user, String password) {
        MigrateResult result = Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + kind.migrations)
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
