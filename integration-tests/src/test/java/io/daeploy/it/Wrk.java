package io.daeploy.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** wrk (Debian's), run by the benchmarks: requests/s, p50 and p99 of one run. */
final class Wrk {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P50 = Pattern.compile("\\s50%\\s+([0-9.]+)(us|ms|s)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");

    private Wrk() {
    }

    /** Requests/s, p50 and p99 in ms; {@code script} (a wrk Lua script) may be null for plain GETs. */
    static double[] run(String url, Path script, int seconds, int connections) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--latency"));
        if (script != null) {
            command.addAll(List.of("-s", script.toString()));
        }
        command.add(url);
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        return new double[] {number(RPS, out), millis(P50, out), millis(P99, out)};
    }

    static double median(List<double[]> figures, int index) {
        List<Double> sorted = figures.stream().map(f -> f[index]).sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double number(Pattern pattern, String out) {
        Matcher m = pattern.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no " + pattern + ":\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double millis(Pattern pattern, String out) {
        Matcher m = pattern.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk printed no " + pattern + ":\n" + out);
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
