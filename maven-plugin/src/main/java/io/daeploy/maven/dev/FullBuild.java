package io.daeploy.maven.dev;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A changed {@code pom.xml} may change anything (dependencies, compiler options, the manifest), so it is built again
 * the whole way: {@code mvn package} in a child process, with this Maven and its local repository, tests skipped.
 */
public final class FullBuild {

    private final Path baseDir;
    private final Path mavenHome;
    private final Path localRepository;
    private final boolean offline;

    public FullBuild(Path baseDir, Path mavenHome, Path localRepository, boolean offline) {
        this.baseDir = baseDir;
        this.mavenHome = mavenHome;
        this.localRepository = localRepository;
        this.offline = offline;
    }

    /** The command run, as the output says it. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        Path mvn = mavenHome == null ? null : mavenHome.resolve("bin/mvn");
        command.add(mvn != null && Files.isExecutable(mvn) ? mvn.toString() : "mvn");
        command.add("-B");
        command.add("-q");
        if (offline) {
            command.add("-o");
        }
        if (localRepository != null) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        command.add("-DskipTests");
        command.add("package");
        return command;
    }

    /** Runs it; its output goes to {@code out}. Answers whether it succeeded. */
    public boolean run(Consumer<String> out) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command()).directory(baseDir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home")); // the JDK this Maven runs on
        Process process = builder.start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.accept(line);
            }
        } finally {
            if (process.isAlive() && Thread.currentThread().isInterrupted()) {
                process.destroy();
            }
        }
        return process.waitFor() == 0;
    }
}
