package io.daeploy.it;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real HAProxy (Debian's {@code haproxy}) in front of several managers, standing in for the Kubernetes Service: it
 * sends each request to a manager whose {@code /observe/health} answers 200 (checked every 500 ms, out at the first
 * failure), and retries a request that found no connection, as a load balancer in front of replicas is set up to.
 */
final class HaproxyFront implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private HaproxyFront(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static HaproxyFront before(List<ManagerProcess> managers, int port) {
        Path work = TestPaths.newWorkDir("haproxy");
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < managers.size(); i++) {
            servers.append("  server m").append(i).append(" 127.0.0.1:").append(managers.get(i).port())
                    .append(" check inter 500 fall 1 rise 2\n");
        }
        String config = """
                global
                  maxconn 2000
                defaults
                  mode http
                  timeout connect 1s
                  timeout client 60s
                  timeout server 60s
                  retries 3
                  option redispatch
                  retry-on conn-failure empty-response
                frontend managers
                  bind 127.0.0.1:%d
                  default_backend managers
                backend managers
                  option httpchk
                  http-check send meth GET uri /observe/health ver HTTP/1.1 hdr Host localhost
                  http-check expect status 200
                %s""".formatted(port, servers);
        try {
            Path file = work.resolve("haproxy.cfg");
            Files.writeString(file, config);
            Path log = work.resolve("haproxy.log");
            Process process;
            try {
                process = new ProcessBuilder("haproxy", "-db", "-f", file.toString()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                String why = "No haproxy here: .ci/run installs Debian's haproxy";
                if (System.getenv("CI") != null) {
                    fail(why + " (CI must run this test, not skip it)");
                }
                Assumptions.abort(why);
                throw e;
            }
            HaproxyFront front = new HaproxyFront(process, port, log);
            front.awaitListening();
            return front;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private void awaitListening() {
        for (int i = 0; i < 100; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("haproxy exited: " + output());
            }
            try {
                if (Http.get(url().resolve("/observe/health")).statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening, or no manager checked healthy yet
            }
            ManagerProcess.sleep(100);
        }
        throw new IllegalStateException("haproxy did not route to a healthy manager within 10 s: " + output());
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
