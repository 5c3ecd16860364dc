package io.daeploy.sdk;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.daeploy.common.Json;
import io.helidon.http.Method;

/**
 * The per-hop cost of the manager's gateway, for bench/yatzee.sh, measured with the SDK's own client in one JVM,
 * same run, sequential calls to die_roller's {@code roll}:
 * <ul>
 *   <li>{@code callService}: {@code Daeploy.callService("die_roller", "roll", ...)} through the gateway, as yatzee makes it;</li>
 *   <li>{@code sdk client, gateway}: the SDK's transport (the same pooled Helidon client and request) to the gateway URL;</li>
 *   <li>{@code sdk client, direct}: that transport straight to die_roller's port, the gateway left out.</li>
 * </ul>
 * The gateway's cost per hop is the gateway column minus the direct one. In package {@code io.daeploy.sdk} for
 * the package-private transport: the direct call then goes through exactly the code a callService uses.
 * Calls alternate between the three in rounds, so drift of the machine hits them alike.
 *
 * <p>Usage: {@code HopLatencyBench MANAGER_URL DIE_ROLLER_PORT COUNT WARMUP}; prints one line per kind:
 * {@code <kind>\t<p50 ms>\t<p99 ms>}.
 */
public final class HopLatencyBench {

    private static final int ROUNDS = 5;
    private static final byte[] NO_ARGUMENTS = "{}".getBytes(StandardCharsets.UTF_8);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private HopLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: HopLatencyBench MANAGER_URL DIE_ROLLER_PORT COUNT WARMUP");
            System.exit(2);
        }
        URI manager = URI.create(args[0]);
        URI direct = URI.create("http://127.0.0.1:" + Integer.parseInt(args[1]) + "/roll");
        URI gateway = URI.create(args[0] + "/services/die_roller/roll");
        int count = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        // callService logs each call at INFO; console output is not what the gateway costs.
        Logger.getLogger("io.daeploy.sdk").setLevel(Level.WARNING);
        Daeploy.useConnection(ManagerConnection.to(manager));

        Map<String, Call> calls = new LinkedHashMap<>();
        calls.put("callService", () -> Daeploy.callService("die_roller", "roll", Map.of(), Integer.class));
        calls.put("sdk client, gateway", () -> roll(gateway));
        calls.put("sdk client, direct", () -> roll(direct));

        for (Call call : calls.values()) {
            for (int i = 0; i < warmup; i++) {
                check(call.roll());
            }
        }
        Map<String, long[]> nanos = new LinkedHashMap<>();
        calls.keySet().forEach(kind -> nanos.put(kind, new long[count]));
        List<String> order = new ArrayList<>(calls.keySet());
        for (int round = 0; round < ROUNDS; round++) {
            int from = count * round / ROUNDS;
            int to = count * (round + 1) / ROUNDS;
            for (String kind : order) {
                Call call = calls.get(kind);
                long[] samples = nanos.get(kind);
                for (int i = from; i < to; i++) {
                    long start = System.nanoTime();
                    int face = call.roll();
                    samples[i] = System.nanoTime() - start;
                    check(face);
                }
            }
            Collections.rotate(order, 1);
        }
        nanos.forEach((kind, samples) -> {
            Arrays.sort(samples);
            System.out.printf("%s\t%.3f\t%.3f%n", kind, millis(samples, 0.50), millis(samples, 0.99));
        });
    }

    private interface Call {
        int roll() throws Exception;
    }

    /** One roll through the SDK's transport, answered and converted as callService does. */
    private static int roll(URI uri) throws ManagerTransport.NoAnswer, IOException {
        ManagerTransport.Answer answer = ManagerTransport.shared().exchange(Method.POST, uri, Optional.empty(),
                NO_ARGUMENTS, TIMEOUT);
        if (answer.status() != 200) {
            throw new IllegalStateException(uri + " answered " + answer.status() + ": "
                    + new String(answer.body(), StandardCharsets.UTF_8));
        }
        return Json.mapper().readValue(answer.body(), Integer.class);
    }

    private static void check(int face) {
        if (face < 1 || face > 6) {
            throw new IllegalStateException("a die has no face " + face);
        }
    }

    private static double millis(long[] sorted, double quantile) {
        int index = Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1_000_000.0;
    }
}
