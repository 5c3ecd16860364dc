package io.daeploy.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real {@code mvn} run, as a user types it, in a folder of the test's own. */
final class MavenRun {

    /** What a run printed and how it ended. */
    record Result(int exitCode, String output) {
        Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("mvn failed with exit code " + exitCode + ":\n" + output);
            }
            return this;
        }
    }

    private MavenRun() {
    }

    static Result mvn(Path dir, Map<String, String> env, String... args) {
        return mvn(dir, env, Path.of(System.getProperty("java.home")), args);
    }

    /** The same, with Maven on the JDK at {@code javaHome} (an old one, to see what a user of it sees). */
    static Result mvn(Path dir, Map<String, String> env, Path javaHome, String... args) {
        List<String> command = new ArrayList<>();
        command.add("mvn");
        command.add("-B");
        command.add("-ntp");
        if (List.of(args).stream().noneMatch(arg -> arg.startsWith("-Dmaven.repo.local="))) {
            command.add("-Dmaven.repo.local=" + TestPaths.localRepository());
        }
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile(dir.getParent() == null ? dir : dir.getParent(), "mvn-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // The same JDK 21+ as this test unless told otherwise, whatever the machine's default java is.
            builder.environment().put("JAVA_HOME", javaHome.toString());
            builder.environment().put("PATH", javaHome.resolve("bin") + ":" + System.getenv("PATH"));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("mvn " + String.join(" ", args) + " did not finish in 10 minutes:\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
