package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A real Prometheus server (Debian's {@code prometheus}) on a loopback port, scraping one target every second. A test
 * that needs it skips on a machine without it, with the reason, and fails in CI, where .ci/run installs it.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private final Process process;
    private final URI url;

    private PrometheusServer(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    static void requireInstalled() {
        if (Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL)) {
            return;
        }
        String reason = "needs Debian's prometheus (apt-get install prometheus)";
        if (System.getenv("CI") != null) {
            throw new IllegalStateException("Prometheus test " + reason + "; .ci/run should have installed it");
        }
        Assumptions.assumeTrue(false, reason);
    }

    /** Scrapes {@code target} (host:port) at {@code metricsPath} every second. */
    static PrometheusServer scraping(String target, String metricsPath) throws IOException {
        requireInstalled();
        Path dir = TestPaths.newWorkDir("prometheus");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: daeploy
                    metrics_path: %s
                    static_configs:
                      - targets: ['%s']
                """.formatted(metricsPath, target));
        int port = ManagerProcess.freePort();
        Process process = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port));
        Instant end = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(end)) {
            try {
                if (Http.get(server.url.resolve("/-/ready")).statusCode() == 200) {
                    return server;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            if (!process.isAlive()) {
                break;
            }
            ManagerProcess.sleep(200);
        }
        server.close();
        throw new IllegalStateException("Prometheus did not get ready; see " + dir.resolve("prometheus.log"));
    }

    /** The value of an instant query that yields one sample, if it yields one. */
    OptionalDouble query(String promql) {
        HttpResponse<String> answer = Http.get(url.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        try {
            JsonNode result = Json.mapper().readTree(answer.body()).path("data").path("result");
            return result.size() == 1 ? OptionalDouble.of(result.get(0).path("value").get(1).asDouble()) : OptionalDouble.empty();
        } catch (IOException e) {
            throw new AssertionError(answer.body(), e);
        }
    }

    /** The health of the scrape target as Prometheus saw it ("up", "down" or "unknown") and its last error. */
    String targetHealth() {
        return Http.get(url.resolve("/api/v1/targets")).body();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
