package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** {@link DaeployService#run} as the manager uses it: a JVM of its own, configured by environment variables. */
class RunInOwnJvmTest {

    /** The service's main class, as an author writes it. */
    public static final class Main {
        public static void main(String[] args) {
            DaeployService.run(new GreetingService());
        }
    }

    private static final Pattern LISTENING = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO io\\.daeploy\\.sdk\\.DaeployService: "
                    + "Service hello 1\\.0\\.0 listening on http://127\\.0\\.0\\.1:(\\d+)$");

    @Test
    void runServesOnTheEnvironmentsPortAndLogsOneCompactLine() throws Exception {
        Process process = startService(0);
        try {
            List<String> stderr = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> readStderr(process, stderr, port));
            Integer listening;
            try {
                listening = port.get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                listening = null;
            }
            assertNotNull(listening, () -> "no 'listening' line on stderr:\n" + String.join("\n", stderr));

            HttpResponse<String> response = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listening + "/hello"))
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bob\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("\"Hello Bob\"", response.body());
        } finally {
            process.destroy(); // SIGTERM: the shutdown hook stops the server and the JVM ends
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the service did not stop on SIGTERM");
        }
    }

    @Test
    void runEndsTheJvmWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process process = startService(taken.getLocalPort());
            List<String> stderr = Collections.synchronizedList(new ArrayList<>());
            Thread reader = Thread.ofVirtual().start(() -> readStderr(process, stderr, new CompletableFuture<>()));

            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the service kept running without a port");
            reader.join(Duration.ofSeconds(10));
            assertEquals(1, process.exitValue());
            assertTrue(stderr.stream().anyMatch(line -> line.contains("Service could not start: Service hello could not listen on")),
                    () -> String.join("\n", stderr));
        }
    }

    private static Process startService(int port) throws java.io.IOException {
        String javaLauncher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(javaLauncher, "-cp", System.getProperty("java.class.path"), Main.class.getName());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("DAEPLOY_SERVICE_NAME", "hello");
        builder.environment().put("DAEPLOY_SERVICE_VERSION", "1.0.0");
        builder.environment().put("DAEPLOY_SERVICE_BIND", "127.0.0.1");
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return builder.start();
    }

    /** Reads every line, so the child never blocks on a full pipe, and reports the port once it is logged. */
    private static void readStderr(Process process, List<String> seen, CompletableFuture<Integer> port) {
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = err.readLine()) != null) {
                seen.add(line);
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.matches()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (java.io.IOException e) {
            // the process ended
        } finally {
            port.complete(null);
        }
    }
}
