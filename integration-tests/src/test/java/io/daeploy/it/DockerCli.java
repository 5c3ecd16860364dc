package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code docker} command, as a person checking on the manager's work would use it. */
final class DockerCli {

    private DockerCli() {
    }

    static final String NO_ENGINE = "No Docker Engine answers here: bash .ci/docker-setup.sh installs and starts one";
    private static volatile Boolean engine;

    /**
     * Skips the calling test with the reason when no Docker Engine answers, except in CI, which must run it.
     * Call it per test ({@code @BeforeEach}): a skip in {@code @BeforeAll} shows as "Tests run: 0", which hides it.
     */
    static void requireEngine() {
        if (!engineAnswers()) {
            if (System.getenv("CI") != null) {
                Assertions.fail(NO_ENGINE + " (CI must run these tests, not skip them)");
            }
            Assumptions.abort(NO_ENGINE);
        }
    }

    /** Whether a Docker Engine answers the client (.ci/docker-setup.sh starts one); asked once, and the answer kept. */
    static boolean engineAnswers() {
        if (engine == null) {
            boolean answers;
            try {
                answers = exec("version", "--format", "{{.Server.Version}}").exitCode == 0;
            } catch (UncheckedIOException e) {
                answers = false; // no docker command at all
            }
            if (!answers) {
                System.err.println("Docker tests skipped: " + NO_ENGINE);
            }
            engine = answers;
        }
        return engine;
    }

    /** Runs {@code docker args...} and answers its output; a failure is an AssertionError showing it. */
    static String run(String... args) {
        Result result = exec(args);
        if (result.exitCode != 0) {
            throw new AssertionError("docker " + String.join(" ", args) + " exited with " + result.exitCode + ": " + result.output);
        }
        return result.output.strip();
    }

    /** {@code docker inspect} of one container or image. */
    static JsonNode inspect(String... target) {
        List<String> args = new ArrayList<>(List.of("inspect"));
        args.addAll(List.of(target));
        try {
            return Json.mapper().readTree(run(args.toArray(String[]::new))).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean exists(String container) {
        return exec("container", "inspect", container).exitCode == 0;
    }

    static boolean imageExists(String image) {
        return exec("image", "inspect", image).exitCode == 0;
    }

    static void removeImage(String image) {
        exec("rmi", image);
    }

    static void removeContainer(String name) {
        exec("rm", "-f", name);
    }

    static void removeVolume(String name) {
        exec("volume", "rm", "-f", name);
    }

    /** Removes the containers of the given services, whatever a test left behind. */
    static void removeServices(List<String> names) {
        for (String id : run("ps", "-aq", "--filter", "label=daeploy.type=service").lines().toList()) {
            String name = run("inspect", "--format", "{{index .Config.Labels \"daeploy.name\"}}", id);
            if (names.contains(name)) {
                exec("rm", "-f", id);
            }
        }
    }

    record Result(int exitCode, String output) {
    }

    static Result exec(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, output);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
