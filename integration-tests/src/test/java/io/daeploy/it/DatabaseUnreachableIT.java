package io.daeploy.it;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A manager told to use a PostgreSQL database that does not answer: this needs no PostgreSQL, so it runs everywhere. */
class DatabaseUnreachableIT {

    private static final String PASSWORD = "a database password 42";

    @Test
    void anUnreachableDatabaseStopsTheManagerWithOneLineNamingItsUrl() {
        String url = "jdbc:postgresql://127.0.0.1:" + ManagerProcess.freePort() + "/daeploy";
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ManagerProcess.start("database-unreachable",
                ManagerProcess.env("DAEPLOY_DATABASE_URL", url, "DAEPLOY_DATABASE_USER", "daeploy",
                        "DAEPLOY_DATABASE_PASSWORD", PASSWORD)));
        String output = e.getMessage();
        assertTrue(output.contains("The manager exited with 2"), output);
        assertTrue(output.contains("Daeploy manager cannot start: Cannot connect to the database at " + url
                + " (DAEPLOY_DATABASE_URL) as 'daeploy'"), output);
        assertFalse(output.contains(PASSWORD), "the password is never shown: " + output);
        assertFalse(output.contains("\tat "), "no stack trace: " + output);
    }

    @Test
    void aDatabaseOtherThanPostgresqlIsRefusedNamingTheSetting() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ManagerProcess.start("database-not-postgresql",
                ManagerProcess.env("DAEPLOY_DATABASE_URL", "jdbc:mysql://127.0.0.1/daeploy?password=" + PASSWORD.replace(' ', '-'))));
        String output = e.getMessage();
        assertTrue(output.contains("Daeploy manager cannot start: Setting DAEPLOY_DATABASE_URL must name a PostgreSQL database"),
                output);
        assertFalse(output.contains(PASSWORD.replace(' ', '-')), "the password is never shown: " + output);
    }
}
