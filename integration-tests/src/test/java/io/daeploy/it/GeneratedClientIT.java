package io.daeploy.it;

import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user of another stack does with our documents: generates Java clients (openapi-generator 7.25.0, generator
 * {@code java}, library {@code native}) from the {@code /openapi} of a deployed example, read through the gateway,
 * and from the manager's own, compiles them in one Maven run, and calls through the gateway with them. A valid order
 * is created, a broken one surfaces as the documented 422, and the manager's client lists the services.
 */
class GeneratedClientIT {

    private static final String PROJECT = "integration-tests/src/test/resources/generated-clients";

    private static ManagerProcess manager;

    @BeforeAll
    static void deployStatusCodes() {
        manager = ManagerProcess.start("generated-client", Map.of());
        Path target = TestPaths.rootDir().resolve("examples/sdk-features/status-codes/target");
        Path zip = FixtureApp.packaged(target, "status-codes.jar", TestPaths.newWorkDir("generated-client-app")
                .resolve("status-codes.zip"));
        ServiceVersion deployed = manager.client().deploy("status_codes", "1.0.0", Map.of(), zip);
        assertEquals("running", deployed.status(), deployed::reason);
    }

    @AfterAll
    static void stopManager() {
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void clientsGeneratedFromTheServedDocumentsCallThroughTheGateway() throws Exception {
        Path project = ProjectCopy.of(TestPaths.rootDir().resolve(PROJECT), TestPaths.newWorkDir("generated-clients")
                .resolve("generated-clients"));
        Files.writeString(project.resolve("service.json"), document("/services/status_codes/openapi"));
        Files.writeString(project.resolve("manager.json"), document("/openapi"));

        MavenRun.mvn(project, Map.of(), "-q", "package", "dependency:build-classpath", "-Dmdep.outputFile=classpath.txt")
                .requireSuccess();
        List<String> lines = run(project, "calls.Calls", manager.url().toString().replaceAll("/$", ""));

        assertEquals("created o-1 tea 3", lines.get(0), String.join("\n", lines));
        assertTrue(lines.get(1).startsWith("refused 422 "), lines.get(1));
        assertTrue(lines.get(1).contains("\"loc\":[\"body\",\"order\",\"quantity\"]"), lines.get(1));
        assertEquals("services [status_codes 1.0.0 running]", lines.get(2), String.join("\n", lines));
    }

    private static String document(String path) {
        HttpResponse<String> response = Http.get(manager.url().resolve(path));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    /** The compiled class's output, line by line; a failure shows all it printed. */
    private static List<String> run(Path project, String mainClass, String... args) throws IOException, InterruptedException {
        String classpath = project.resolve("target/classes") + ":" + Files.readString(project.resolve("classpath.txt")).trim();
        List<String> command = new java.util.ArrayList<>(List.of(ManagerProcess.javaBinary(), "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        Path output = project.resolve("calls.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the calls finished");
        List<String> lines = Files.readAllLines(output);
        assertEquals(0, process.exitValue(), String.join("\n", lines));
        return lines;
    }
}
