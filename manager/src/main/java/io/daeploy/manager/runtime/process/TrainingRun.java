package io.daeploy.manager.runtime.process;

import io.daeploy.manager.runtime.FreePorts;
import io.daeploy.manager.runtime.HealthProbe;
import io.daeploy.manager.runtime.VersionSpec;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A short run of a version that teaches a class-data file what the service loads: a JVM of its own on a free port, as
 * isolated as the service and with a scratch data folder, asked for its health and its OpenAPI document, then stopped
 * by SIGTERM so that it writes what it learnt at exit. Its output goes to {@code logs/class-data-training.log}.
 */
final class TrainingRun {

    /** Marks training JVMs; never the service's marker, so that nobody takes one for the service. */
    static final String MARKER = "-Ddaeploy.training=";
    private static final Duration START_DEADLINE = Duration.ofSeconds(90);
    /** Writing an AOT cache at exit starts a second JVM that assembles it: seconds, on a busy machine a minute. */
    private static final Duration EXIT_DEADLINE = Duration.ofMinutes(5);

    private final Isolation isolation;
    private final HealthProbe health = new HealthProbe();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(2)).build();

    TrainingRun(Isolation isolation) {
        this.isolation = isolation;
    }

    /** Runs {@code command} (java, its options, the marker, the program) as the version; true if it answered and ended. */
    boolean run(VersionSpec spec, List<String> command) throws IOException, InterruptedException {
        int port = FreePorts.next();
        Path scratch = spec.appDir().resolve("app").resolve("class-data").resolve("training-data");
        Path log = spec.appDir().resolve("logs").resolve("class-data-training.log");
        Files.createDirectories(scratch);
        isolation.prepare(spec.name(), spec.appDir());
        ProcessBuilder builder = new ProcessBuilder(LowPriority.command(isolation.wrap(spec.name(), spec.appDir(), command)))
                .directory(spec.appDir().resolve("app").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        ProcessRuntime.serviceEnvironment(builder.environment(), spec, port);
        builder.environment().put("DAEPLOY_SERVICE_DATA_DIR", scratch.toString()); // never the service's own data
        Process process = builder.start();
        LowPriority.started(process);
        try {
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            boolean answered = health.await(endpoint, process.onExit().thenApply(Process::exitValue), START_DEADLINE)
                    == HealthProbe.Outcome.HEALTHY;
            if (answered) {
                get(endpoint.resolve("/openapi"));
                get(endpoint.resolve("/observe/health"));
            }
            stopCleanly(process);
            if (!process.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                return false;
            }
            return answered;
        } finally {
            if (process.isAlive()) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            deleteTree(scratch);
        }
    }

    /** SIGTERM to the training JVM itself: bwrap passes no signal on, and the JVM's exit writes the file. */
    private static void stopCleanly(Process process) {
        List<ProcessHandle> jvms = new ArrayList<>();
        process.descendants().filter(TrainingRun::isTrainingJvm).forEach(jvms::add);
        if (jvms.isEmpty()) {
            process.destroy();
        } else {
            jvms.forEach(ProcessHandle::destroy);
        }
    }

    private static boolean isTrainingJvm(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("/java")).orElse(false)
                && ProcessArguments.of(handle).map(args -> args.stream().anyMatch(a -> a.startsWith(MARKER))).orElse(false);
    }

    private void get(URI uri) {
        try {
            http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                      HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the run still teaches what the start loaded
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // scratch left behind: the next training empties it
        }
    }
}
