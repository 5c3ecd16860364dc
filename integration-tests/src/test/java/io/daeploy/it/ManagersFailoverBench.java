package io.daeploy.it;

import io.daeploy.manager.testing.PostgresCluster;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several managers on one PostgreSQL database, measured ({@code bench/failover.sh}): how long a change made through one
 * manager takes to be routed by the other (p50, p99), how long after a SIGTERM and after a kill -9 of the leader the
 * other leads, and the gateway's throughput through HAProxy in front of one manager and of two, in one run. Real
 * managers, a real PostgreSQL cluster of the bench's own, a real HAProxy, wrk.
 */
public final class ManagersFailoverBench {

    private static final int LEASE_SECONDS = 10;

    private ManagersFailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        int changes = Integer.parseInt(args[0]);
        int failovers = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        PostgresCluster cluster = PostgresCluster.startOwn();
        Map<String, String> env = ManagerProcess.env("DAEPLOY_DATABASE_URL", cluster.newDatabase(), "DAEPLOY_DATABASE_USER",
                cluster.user(), "DAEPLOY_DATABASE_PASSWORD", cluster.password(), "DAEPLOY_LEASE_SECONDS",
                Integer.toString(LEASE_SECONDS));
        ManagerProcess a = ManagerProcess.start("failover-bench", named(env, "a"));
        ManagerProcess b = ManagerProcess.startBeside(a, "b", named(env, "b"));
        try {
            a.client().deploy("bench", "1.0.0", Map.of(), FixtureApp.zip());
            a.client().deploy("bench", "2.0.0", Map.of(), FixtureApp.zip());
            propagation(a, b, changes);
            throughput(a, b, seconds, connections);
            failovers(a, b, failovers);
        } finally {
            b.close();
            a.close();
            cluster.close();
        }
    }

    /** Assigns alternately on a; the time until b answers with the new main. */
    private static void propagation(ManagerProcess a, ManagerProcess b, int changes) {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            String version = i % 2 == 0 ? "2.0.0" : "1.0.0";
            a.client().assign("bench", version);
            long done = System.nanoTime();
            while (!answersWith(b, version)) {
                Thread.onSpinWait();
            }
            micros.add((System.nanoTime() - done) / 1_000);
        }
        List<Long> sorted = micros.stream().sorted().toList();
        System.out.printf("propagation of %d assigns from a to b's routing: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", changes,
                          sorted.get(sorted.size() / 2) / 1000.0, sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0,
                          sorted.getLast() / 1000.0);
    }

    private static boolean answersWith(ManagerProcess manager, String version) {
        HttpResponse<String> answer = Http.get(manager.url().resolve("/services/bench/whoami"));
        return answer.statusCode() == 200 && answer.body().contains("\"version\":\"" + version + "\"");
    }

    /** wrk through HAProxy in front of a alone, then of a and b; alternated, the medians. */
    private static void throughput(ManagerProcess a, ManagerProcess b, int seconds, int connections) throws Exception {
        List<double[]> one = new ArrayList<>();
        List<double[]> two = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            for (List<ManagerProcess> behind : List.of(List.of(a), List.of(a, b))) {
                try (HaproxyFront front = HaproxyFront.before(behind, ManagerProcess.freePort())) {
                    String url = front.url() + "/services/bench/whoami";
                    Wrk.run(url, null, 5, connections); // warm-up
                    double[] figures = Wrk.run(url, null, seconds, connections);
                    (behind.size() == 1 ? one : two).add(figures);
                    System.out.printf("round %d, HAProxy over %d manager(s): %.0f req/s, p50 %.2f ms, p99 %.2f ms%n", round,
                                      behind.size(), figures[0], figures[1], figures[2]);
                }
            }
        }
        System.out.printf("median, 1 manager: %.0f req/s, p99 %.2f ms; 2 managers: %.0f req/s, p99 %.2f ms; ratio 2/1 %.2f"
                        + " (one machine of %d cores for wrk, HAProxy, the managers and the service: this shows the cost of a"
                        + " second manager, not scaling)%n", Wrk.median(one, 0), Wrk.median(one, 2), Wrk.median(two, 0),
                          Wrk.median(two, 2), Wrk.median(two, 0) / Wrk.median(one, 0), Runtime.getRuntime().availableProcessors());
    }

    /** The leader stopped (SIGTERM) or killed (SIGKILL), started again as the one that follows; the other's time to lead. */
    private static void failovers(ManagerProcess a, ManagerProcess b, int rounds) {
        ManagerProcess leader = a.leads() ? a : b;
        ManagerProcess other = leader == a ? b : a;
        for (int round = 1; round <= rounds; round++) {
            for (String how : List.of("SIGTERM", "kill -9")) {
                long since = System.nanoTime();
                if (how.equals("SIGTERM")) {
                    Thread.ofVirtual().start(leader::stop);
                } else {
                    Thread.ofVirtual().start(leader::kill9);
                }
                long millis = other.awaitLeading(since, LEASE_SECONDS * 3_000L);
                System.out.printf("round %d, %s of the leader: the other leads after %d ms (lease %d s)%n", round, how, millis,
                                  LEASE_SECONDS);
                ManagerProcess.sleep(2_000);
                leader.restart();
                ManagerProcess next = other;
                other = leader;
                leader = next;
            }
        }
    }

    private static Map<String, String> named(Map<String, String> env, String name) {
        Map<String, String> own = new HashMap<>(env);
        own.put("DAEPLOY_MANAGER_NAME", name);
        return own;
    }
}
