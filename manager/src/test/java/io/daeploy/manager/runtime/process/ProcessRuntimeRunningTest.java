package io.daeploy.manager.runtime.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real processes carrying the service marker, started from this manager's folder or another one's. */
class ProcessRuntimeRunningTest {

    @Test
    void onlyServicesStartedFromThisManagersFolderAreItsOwn(@TempDir Path dataDir, @TempDir Path otherDataDir) throws Exception {
        Path servicesDir = dataDir.resolve("services");
        ProcessRuntime runtime = new ProcessRuntime("", servicesDir, 1024 * 1024, 0, java.time.Duration.ofSeconds(5), Isolation.off());
        Process mine = lookalike("mine_1.0.0", servicesDir.resolve("mine/1.0.0/app/application.jar"));
        Process othersManagers = lookalike("theirs_1.0.0", otherDataDir.resolve("services/theirs/1.0.0/app/application.jar"));
        try {
            List<String> running = runtime.running();
            assertTrue(running.contains("mine_1.0.0"), running.toString());
            assertFalse(running.contains("theirs_1.0.0"), "another manager's service is not reported as ours: " + running);
        } finally {
            mine.destroyForcibly();
            othersManagers.destroyForcibly();
        }
    }

    @Test
    void aServiceStartedWithTheSharedLibrariesFirstOnItsLongClassPathIsOursToo(@TempDir Path dataDir) throws Exception {
        Path servicesDir = dataDir.resolve("services");
        ProcessRuntime runtime = new ProcessRuntime("", servicesDir, 1024 * 1024, 0, java.time.Duration.ofSeconds(5), Isolation.off());
        // 64 libraries named by their SHA-256: far beyond the 4 KB of a command line that ProcessHandle.Info reads
        String libraries = java.util.stream.IntStream.range(0, 64)
                .mapToObj(i -> dataDir.resolve("class-data/jars/" + "%064x".formatted(i) + ".jar").toString())
                .collect(java.util.stream.Collectors.joining(":"));
        String classpath = libraries + ":" + servicesDir.resolve("cp/1.0.0/app/application.jar");
        Process mine = new ProcessBuilder("sh", "-c", "sleep 30; true", "-Ddaeploy.service=cp_1.0.0", "-cp", classpath,
                                          "com.example.Main").start();
        try {
            List<String> running = runtime.running();
            assertTrue(running.contains("cp_1.0.0"), running.toString());
        } finally {
            mine.destroyForcibly();
        }
    }

    /** A shell that waits, with the arguments a service JVM would have (the shell keeps them in its command line). */
    private static Process lookalike(String qualifiedName, Path jar) throws Exception {
        return new ProcessBuilder("sh", "-c", "sleep 30; true", "-Ddaeploy.service=" + qualifiedName, "-jar", jar.toString())
                .start();
    }
}
