package io.daeploy.manager.metrics;

import io.daeploy.common.Status;
import io.daeploy.manager.core.RouteTable;

import io.daeploy.manager.metrics.TrafficMetrics.Role;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What recording one request costs the gateway's thread, alone: {@link TrafficMetrics#answered} from 16 threads on
 * 20 versions with a few status codes, CPU time per call. Run by bench/metrics-cost.sh; prints a figure, asserts nothing.
 */
public final class MetricsRecordBench {

    public static void main(String[] args) throws Exception {
        int threads = 16;
        long perThread = 2_000_000;
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        TrafficMetrics metrics = TrafficMetrics.recording();
        RouteTable.Target[] versions = new RouteTable.Target[20]; // as the gateway has them: made once per route change
        for (int v = 0; v < versions.length; v++) {
            versions[v] = new RouteTable.Target("hello", "1.0." + v, false, Status.RUNNING, null, List.of());
        }
        List<Double> nanos = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) { // round 0 warms up
            AtomicLong cpu = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers.add(Thread.ofPlatform().start(() -> {
                    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                    long start = mx.getCurrentThreadCpuTime();
                    for (long i = 0; i < perThread; i++) {
                        RouteTable.Target version = versions[(int) ((i + id) % versions.length)];
                        metrics.answered(version, Role.MAIN, i % 50 == 0 ? 500 : 200, 1_000_000 + i % 7_000_000);
                    }
                    cpu.addAndGet(mx.getCurrentThreadCpuTime() - start);
                }));
            }
            for (Thread worker : workers) {
                worker.join();
            }
            if (round > 0) {
                double perCall = cpu.get() / (double) (threads * perThread);
                nanos.add(perCall);
                System.out.printf("round %d: %.0f ns of CPU per recorded request%n", round, perCall);
            }
        }
        Collections.sort(nanos);
        System.out.printf("recording, median of %d rounds: %.0f ns of CPU per request (%d threads, 20 versions)%n",
                rounds, nanos.get(nanos.size() / 2), threads);
    }
}
