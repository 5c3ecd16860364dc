package io.daeploy.manager.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * Where the manager keeps its state: the embedded H2 database in the data directory unless {@code DAEPLOY_DATABASE_URL}
 * names a PostgreSQL database ({@code jdbc:postgresql://host:5432/daeploy}), reached as {@code DAEPLOY_DATABASE_USER}
 * with {@code DAEPLOY_DATABASE_PASSWORD}.
 *
 * @param url      the JDBC URL of a PostgreSQL database; empty: H2 in the data directory
 * @param user     the database user (PostgreSQL only)
 * @param password the user's password (PostgreSQL only); never shown
 */
public record DatabaseSettings(Optional<String> url, String user, String password) {

    /** The embedded H2 database in the data directory. */
    public static final DatabaseSettings EMBEDDED = new DatabaseSettings(Optional.empty(), "", "");

    private static final String POSTGRESQL = "jdbc:postgresql:";

    public DatabaseSettings {
        if (url.isPresent() && !url.get().startsWith(POSTGRESQL)) {
            throw new IllegalArgumentException("Setting DAEPLOY_DATABASE_URL must name a PostgreSQL database ("
                    + POSTGRESQL + "//host:5432/daeploy), or be left unset for the embedded H2 database in the data"
                    + " directory; got '" + redacted(url.get()) + "'");
        }
    }

    static DatabaseSettings from(Function<String, Optional<String>> value) {
        return new DatabaseSettings(value.apply("database-url").map(String::trim), value.apply("database-user").orElse(""),
                                    value.apply("database-password").orElse(""));
    }

    /** The URL as messages may show it: a password given as a parameter of the URL is left out. */
    public static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return url.map(u -> "PostgreSQL " + redacted(u) + " as " + user).orElse("H2 in the data directory");
    }
}
