package io.daeploy.manager.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PostgreSQL cluster of the tests' own, from Debian's {@code postgresql} (15): made with {@code initdb} in a
 * temporary folder, listening on a free loopback port only, one per test JVM, stopped when the JVM ends. Each
 * {@link #newDatabase()} is an empty database of its own. As root (CI), the server runs as the user {@code postgres},
 * since PostgreSQL refuses to run as root. A test that needs it skips on a machine without PostgreSQL, with the
 * reason, and fails in CI, where .ci/run installs it.
 */
public final class PostgresCluster {

    private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    private static final String SUPERUSER = "daeploy_test";
    private static PostgresCluster shared;

    private final Path folder;
    private final int port;
    private final String password;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresCluster(Path folder, int port, String password) {
        this.folder = folder;
        this.port = port;
        this.password = password;
    }

    /** The JVM's cluster, started on first use. */
    public static synchronized PostgresCluster shared() {
        requireInstalled();
        if (shared == null) {
            try {
                shared = start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start the tests' PostgreSQL cluster: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    public static void requireInstalled() {
        if (Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("pg_ctl"))) {
            return;
        }
        String reason = "needs Debian's postgresql 15 (apt-get install postgresql): no " + BIN.resolve("initdb");
        if (System.getenv("CI") != null) {
            throw new IllegalStateException("PostgreSQL test " + reason + "; .ci/run should have installed it");
        }
        Assumptions.assumeTrue(false, reason);
    }

    /** A new empty database; its JDBC URL. */
    public String newDatabase() {
        String name = "daeploy_" + databases.incrementAndGet();
        try (Connection admin = DriverManager.getConnection(url("postgres"), SUPERUSER, password);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    /**
     * A cluster of the caller's own, which it may stop and start again (a database that goes away and comes back);
     * {@link #close()} removes it.
     */
    public static PostgresCluster startOwn() {
        requireInstalled();
        try {
            return start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start a PostgreSQL cluster: " + e.getMessage(), e);
        }
    }

    private static PostgresCluster start() throws IOException {
        Path folder = Files.createTempDirectory("daeploy-postgresql-");
        Path data = folder.resolve("data");
        String password = UUID.randomUUID().toString();
        Path passwordFile = folder.resolve("password");
        Files.writeString(passwordFile, password);
        if (asRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", folder.toString()));
        }
        run(asServerUser(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER, "--pwfile=" + passwordFile,
                "--auth-host=scram-sha-256", "--auth-local=trust", "--encoding=UTF8", "--locale=C.UTF-8"));
        PostgresCluster cluster = new PostgresCluster(folder, freePort(), password);
        cluster.startServer();
        return cluster;
    }

    /** Starts the server (again), on the cluster's port. */
    public void startServer() {
        try {
            run(asServerUser(BIN.resolve("pg_ctl").toString(), "-D", folder.resolve("data").toString(), "-l",
                    folder.resolve("server.log").toString(), "-w", "-o", "-p " + port + " -c listen_addresses=127.0.0.1"
                            + " -c unix_socket_directories=" + folder + " -c fsync=off", "start"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Stops the server at once, as a crash or a restart would: its clients' connections break. */
    public void stopServer() {
        try {
            run(asServerUser(BIN.resolve("pg_ctl").toString(), "-D", folder.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot stop PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** Stops the server and removes the cluster's files. */
    public void close() {
        stop();
    }

    private void stop() {
        try {
            stopServer();
            run(List.of("rm", "-rf", folder.toString()));
        } catch (IOException | IllegalStateException e) {
            System.err.println("Could not stop the tests' PostgreSQL cluster in " + folder + ": " + e.getMessage());
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asServerUser(String... command) {
        List<String> line = new ArrayList<>();
        if (asRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        return line;
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
