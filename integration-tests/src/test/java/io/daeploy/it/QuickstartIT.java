package io.daeploy.it;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's Quickstart, run as printed: its {@code sh} blocks, in order, by bash, from the root of a fresh copy
 * of this repository, as a newcomer whose default {@code java} is the machine's (17 here) types them. Only the
 * manager's port differs (a free one instead of 8080, in the commands and through MAVEN_ARGS for the plugin).
 */
class QuickstartIT {

    private static final Pattern SECTION = Pattern.compile("(?s)\\n## Quickstart\\n(.*?)\\n## ");
    private static final Pattern SH_BLOCK = Pattern.compile("(?s)```sh\\n(.*?)```");

    @Test
    void theQuickstartWorksAsPrintedAndChangesNoTrackedFile() throws Exception {
        String script = quickstart(Files.readString(TestPaths.rootDir().resolve("README.md")));
        assertTrue(script.contains("archetype:generate") && script.contains("daeploy:deploy") && script.contains("curl"),
                "the Quickstart generates, deploys and calls:\n" + script);
        Path clone = RepositoryCopy.fresh("quickstart");

        try (ManagerProcess manager = ManagerProcess.start("quickstart", Map.of())) {
            Path scriptFile = clone.resolveSibling("quickstart.sh");
            Files.writeString(scriptFile, script.replace("127.0.0.1:8080", "127.0.0.1:" + manager.port()));
            RepositoryCopy.Result run = RepositoryCopy.run(clone, newcomerEnvironment(manager, clone), "bash", "-ex",
                    scriptFile.toString());

            assertEquals(0, run.exitCode(), run.output());
            assertEquals(2, count(run.output(), "\"Hello Bob\""), "both curl calls answer:\n" + run.output());
            assertTrue(run.output().contains("Service hello 1.0.0 killed."), run.output());
            assertTrue(manager.client().services().isEmpty(), "the kill at the end took effect");
        }
        RepositoryCopy.Result status = RepositoryCopy.run(clone, Map.of(), "git", "status", "--porcelain");
        assertEquals("", status.output(), "no file of the clone changed, and nothing new shows up in git status");
    }

    /** The sh blocks of the README's Quickstart section, one after the other. */
    static String quickstart(String readme) {
        Matcher section = SECTION.matcher(readme);
        assertTrue(section.find(), "README.md has a Quickstart section");
        Matcher blocks = SH_BLOCK.matcher(section.group(1));
        StringBuilder script = new StringBuilder();
        while (blocks.find()) {
            script.append(blocks.group(1));
        }
        return script.toString();
    }

    /** The machine's default java (not this test's JDK), the test's Maven repository, the test manager as host. */
    private static Map<String, String> newcomerEnvironment(ManagerProcess manager, Path clone) {
        String jdkOfThisTest = Path.of(System.getProperty("java.home")).toString();
        String path = Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .filter(dir -> !dir.startsWith(jdkOfThisTest))
                .collect(Collectors.joining(File.pathSeparator));
        return Map.of("PATH", path,
                "JAVA_HOME", "",
                "MAVEN_ARGS", "-Dmaven.repo.local=" + TestPaths.localRepository() + " -Ddaeploy.host=" + manager.url(),
                "DAEPLOY_CONFIG", clone.resolveSibling("daeploy-config.json").toString());
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
