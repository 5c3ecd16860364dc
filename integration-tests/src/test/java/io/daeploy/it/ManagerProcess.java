package io.daeploy.it;

import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real manager: {@code java -jar manager/target/daeploy-manager.jar} in its own JVM, on a free
 * loopback port, with its own data directory. Closing it kills the services it started too.
 */
final class ManagerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path jar;
    private final Path dataDir;
    private final Map<String, String> env;
    private final int port;
    private final Path log;
    private Process process;

    private ManagerProcess(Path jar, Path dataDir, Map<String, String> env, int port) {
        this(jar, dataDir, env, port, dataDir.resolveSibling(dataDir.getFileName() + "-manager.log"));
    }

    private ManagerProcess(Path jar, Path dataDir, Map<String, String> env, int port, Path log) {
        this.jar = jar;
        this.dataDir = dataDir;
        this.env = env;
        this.port = port;
        this.log = log;
    }

    /**
     * A second manager on the data directory of {@code first} (the applications they share), on a port of its own, its
     * output in a file of its own; {@code env} names the database they share and this manager's name.
     */
    static ManagerProcess startBeside(ManagerProcess first, String name, Map<String, String> env) {
        return startBeside(first, name, env, first.jar);
    }

    /**
     * The same from another jar than {@code first}'s: a manager of another release beside it, as in a rolling upgrade
     * (or its rollback).
     */
    static ManagerProcess startBeside(ManagerProcess first, String name, Map<String, String> env, Path jar) {
        ManagerProcess manager = new ManagerProcess(jar, first.dataDir, env, freePort(),
                first.dataDir.resolveSibling(first.dataDir.getFileName() + "-" + name + "-manager.log"));
        manager.launch();
        return manager;
    }

    /** Sends a signal by name ({@code STOP}, {@code CONT}) to the manager's JVM. */
    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static ManagerProcess start(String name, Map<String, String> env) {
        return start(name, env, TestPaths.managerJar());
    }

    /** A manager on a data directory that exists already (one made by an earlier release, say). */
    static ManagerProcess startOn(Path dataDir, Map<String, String> env) {
        ManagerProcess manager = new ManagerProcess(TestPaths.managerJar(), dataDir, env, freePort());
        manager.launch();
        return manager;
    }

    /** A manager on a plain port the test chose (an ACME CA must know it before the manager starts). */
    static ManagerProcess startOnPort(String name, Map<String, String> env, int port) {
        Path work = TestPaths.newWorkDir(name);
        ManagerProcess manager = new ManagerProcess(TestPaths.managerJar(), work.resolve("data"), env, port);
        manager.launch();
        return manager;
    }

    /** A manager from another jar than this build's (one unpacked from a staged release, say). */
    static ManagerProcess start(String name, Map<String, String> env, Path jar) {
        Path work = TestPaths.newWorkDir(name);
        ManagerProcess manager = new ManagerProcess(jar, work.resolve("data"), env, freePort());
        manager.launch();
        return manager;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return dataDir;
    }

    long pid() {
        return process.pid();
    }

    /** What its health says: whether it leads the managers on its database. */
    boolean leads() {
        try {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url().resolve("/observe/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            for (com.fasterxml.jackson.databind.JsonNode check : io.daeploy.common.Json.mapper().readTree(health.body()).path("checks")) {
                if (check.path("name").asText().equals("runtime")) {
                    return check.path("data").path("leads").asBoolean(false);
                }
            }
            return false;
        } catch (IOException e) {
            return false; // not answering: not leading
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until it leads; how long that took since {@code since} (nanoTime), in ms. */
    long awaitLeading(long since, long withinMillis) {
        while (!leads()) {
            long millis = (System.nanoTime() - since) / 1_000_000;
            if (millis >= withinMillis) {
                throw new AssertionError("the manager on port " + port + " did not lead within " + withinMillis + " ms");
            }
            sleep(20);
        }
        return (System.nanoTime() - since) / 1_000_000;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    private ManagerClient client;

    /** The client the test and the clean-up use; one with a token when authentication is on. */
    ManagerClient client() {
        return client != null ? client : new ManagerClient(url(), null, Duration.ofSeconds(120));
    }

    void useClient(ManagerClient authenticated) {
        this.client = authenticated;
    }

    /** Everything the manager printed so far. */
    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the manager the way a user does with Ctrl-C (SIGTERM), leaving its services running. */
    void stop() {
        process.destroy();
        await(process);
    }

    /** Kills the manager with SIGKILL: no shutdown hook runs. */
    void kill9() {
        process.destroyForcibly();
        await(process);
    }

    /** Starts the manager again on the same port and data directory. */
    void restart() {
        launch();
    }

    private void launch() {
        try {
            Files.createDirectories(dataDir);
            ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("DAEPLOY_PORT", Integer.toString(port));
            builder.environment().put("DAEPLOY_DATA_DIR", dataDir.toString());
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitHealthy();
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newHttpClient();
        Instant end = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(end)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The manager exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                HttpResponse<Void> res = http.send(HttpRequest.newBuilder(url().resolve("/observe/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (res.statusCode() / 100 == 2) {
                    return;
                }
            } catch (IOException ignored) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException("The manager did not become healthy within " + START_TIMEOUT + ":\n" + output());
    }

    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) {
                ManagerClient client = client();
                for (ServiceVersion service : client.services()) {
                    try {
                        client.kill(service.name(), null);
                    } catch (RuntimeException ignored) {
                        // already gone
                    }
                }
            }
        } catch (RuntimeException ignored) {
            // fall through to the hard clean-up below
        } finally {
            if (process != null) {
                process.destroy();
                await(process);
            }
            killLeftoverServices();
        }
    }

    /** Service JVMs run from this manager's data directory; none may outlive the test. */
    private void killLeftoverServices() {
        String marker = dataDir.toString();
        ProcessHandle.allProcesses()
                .filter(p -> arguments(p).stream().anyMatch(a -> a.contains(marker)))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * A process's arguments from /proc/pid/cmdline: ProcessHandle.Info reads only its first 4 KB, and a service's class
     * path of shared libraries is longer.
     */
    static List<String> arguments(ProcessHandle p) {
        try {
            String cmdline = java.nio.file.Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            if (!cmdline.isEmpty()) {
                return List.of(cmdline.split("\0"));
            }
        } catch (java.io.IOException | RuntimeException gone) {
            // not Linux, or the process ended
        }
        return p.info().arguments().map(List::of).orElse(List.of());
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(Process p) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
