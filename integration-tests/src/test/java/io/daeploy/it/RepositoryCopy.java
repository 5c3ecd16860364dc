package io.daeploy.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a user has after cloning this repository, made from the working tree so that uncommitted changes count. */
final class RepositoryCopy {

    /** How a command ended, with its output (standard error included). */
    record Result(int exitCode, String output) {
        Result requireSuccess() {
            assertEquals(0, exitCode, output);
            return this;
        }
    }

    private RepositoryCopy() {
    }

    /** The files git knows or would add (not those it ignores, such as target/), copied into a fresh repository. */
    static Path fresh(String prefix) {
        Path root = TestPaths.rootDir();
        Path clone = TestPaths.newWorkDir(prefix).resolve("daeploy");
        try {
            String listed = run(root, Map.of(), "git", "ls-files", "--cached", "--others", "--exclude-standard", "-z")
                    .requireSuccess().output();
            for (String name : listed.split("\0")) {
                Path source = root.resolve(name);
                if (!name.isEmpty() && Files.isRegularFile(source)) {
                    Path copy = clone.resolve(name);
                    Files.createDirectories(copy.getParent());
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String[] git : List.of(new String[] {"init", "-q"}, new String[] {"add", "-A"},
                new String[] {"-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-qm", "clone"})) {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(Arrays.asList(git));
            run(clone, Map.of(), command.toArray(String[]::new)).requireSuccess();
        }
        return clone;
    }

    /** Runs {@code command} in {@code dir}; an empty value in {@code env} removes that variable. */
    static Result run(Path dir, Map<String, String> env, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        env.forEach((key, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        try {
            Path log = Files.createTempFile(TestPaths.newWorkDir("run"), "run-", ".log");
            builder.redirectOutput(log.toFile());
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 15 minutes:\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
