package io.daeploy.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real {@code mvn daeploy:dev} running in the background, as in a developer's terminal, with its output read as it comes. */
final class DevProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private DevProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static DevProcess start(Path project, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-Dmaven.repo.local=" + TestPaths.localRepository()));
        command.addAll(List.of(args));
        try {
            Path log = Files.createTempFile(project.getParent(), "dev-", ".log");
            Path javaHome = Path.of(System.getProperty("java.home"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("JAVA_HOME", javaHome.toString());
            builder.environment().put("PATH", javaHome.resolve("bin") + ":" + System.getenv("PATH"));
            builder.environment().putAll(env);
            return new DevProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the output holds {@code text} {@code times} times (a generous deadline: only a hang breaks it). */
    String awaitOutput(String text, int times) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            String output = output();
            if (count(output, text) >= times) {
                return output;
            }
            if (!process.isAlive()) {
                throw new AssertionError("mvn daeploy:dev ended (" + process.exitValue() + ") before printing '" + text
                        + "' " + times + " times:\n" + output);
            }
            ManagerProcess.sleep(100);
        }
        throw new AssertionError("mvn daeploy:dev did not print '" + text + "' " + times + " times in 3 minutes:\n" + output());
    }

    /** Ctrl-C: SIGINT to the Maven JVM (the mvn script execs it), and its exit status. */
    int interrupt() throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        kill.waitFor();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            throw new AssertionError("mvn daeploy:dev did not end within 2 minutes of SIGINT:\n" + output());
        }
        return process.exitValue();
    }

    static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
