package io.daeploy.it;

import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway over one pod of a version against three, in the same run: the fixture service's {@code hello} on the
 * kubernetes runtime as {@code single} (1 replica) and {@code triple} (3), whose pods are the stand-in kubelet's JVMs
 * (no real cluster can run here, see {@link StandInKubelet}), called through a real manager with wrk. Both are warmed
 * up, then rounds alternate them; each prints requests/s, p50 and p99; then the medians and the ratio 3/1. Not a test: {@code bench/kubernetes-gateway.sh} runs it.
 *
 * <p>Usage: {@code KubernetesGatewayBench WARMUP_SECONDS DURATION_SECONDS ROUNDS CONNECTIONS}.
 */
public final class KubernetesGatewayBench {


    private KubernetesGatewayBench() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(args[0]);
        int duration = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        String namespace = "bench";
        Path work = TestPaths.newWorkDir("kubernetes-bench");
        try (KubernetesApiServer api = new KubernetesApiServer();
             StandInKubelet kubelet = new StandInKubelet(api.client(), namespace, work.resolve("nodes"))) {
            api.podLogs(kubelet::log);
            Map<String, String> env = ManagerProcess.env("DAEPLOY_RUNTIME", "kubernetes", "DAEPLOY_REGISTRY", "127.0.0.1:5000",
                    "DAEPLOY_REGISTRY_INSECURE", "true", "DAEPLOY_BASE_IMAGE", "127.0.0.1:5000/daeploy/test-java-base:latest",
                    "DAEPLOY_KUBERNETES_STARTUP_PERIOD_SECONDS", "1", "DAEPLOY_KUBERNETES_READINESS_PERIOD_SECONDS", "1");
            env.putAll(api.managerEnvironment(namespace));
            try (ManagerProcess manager = ManagerProcess.start("kubernetes-bench", env)) {
                ManagerClient client = manager.client();
                for (String name : new String[] {"single", "triple"}) {
                    ServiceVersion deployed = client.deploy(name, "1.0.0", Map.of(), FixtureApp.zip());
                    if (!"running".equals(deployed.status())) {
                        throw new IllegalStateException(name + " did not start: " + deployed.reason());
                    }
                }
                scale(client, "triple", 3);
                Path post = work.resolve("post.lua");
                Files.writeString(post, "wrk.method = \"POST\"\nwrk.body = '{\"name\":\"Bob\"}'\n"
                        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n");
                List<double[]> one = new ArrayList<>();
                List<double[]> three = new ArrayList<>();
                for (String name : new String[] {"single", "triple"}) {
                    System.out.printf("warm-up of %s: %d s%n", name, warmup);
                    Wrk.run(manager.url() + "/services/" + name + "/hello", post, warmup, connections);
                }
                for (int round = 1; round <= rounds; round++) {
                    for (String name : new String[] {"single", "triple"}) {
                        double[] figures = Wrk.run(manager.url() + "/services/" + name + "/hello", post, duration, connections);
                        (name.equals("single") ? one : three).add(figures);
                        System.out.printf("round %d, %s (%d replica%s): %.0f req/s, p50 %.2f ms, p99 %.2f ms%n", round, name,
                                          name.equals("single") ? 1 : 3, name.equals("single") ? "" : "s",
                                          figures[0], figures[1], figures[2]);
                    }
                }
                double oneRps = Wrk.median(one, 0);
                double threeRps = Wrk.median(three, 0);
                System.out.printf("median 1 replica: %.0f req/s, p50 %.2f ms, p99 %.2f ms%n", oneRps, Wrk.median(one, 1), Wrk.median(one, 2));
                System.out.printf("median 3 replicas: %.0f req/s, p50 %.2f ms, p99 %.2f ms%n", threeRps, Wrk.median(three, 1),
                                  Wrk.median(three, 2));
                System.out.printf("ratio 3 replicas / 1 replica: %.2f (this machine has %d cores for wrk, the manager and"
                        + " every pod)%n", threeRps / oneRps, Runtime.getRuntime().availableProcessors());
            }
        }
    }

    private static void scale(ManagerClient client, String name, int replicas) throws InterruptedException {
        client.scale(name, "1.0.0", replicas);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            boolean settled = client.services().stream().anyMatch(v -> v.name().equals(name) && v.readyReplicas() == replicas);
            if (settled) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not get " + replicas + " ready replicas within 120 s");
    }
}
