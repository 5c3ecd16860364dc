package io.daeploy.sdk;

import java.util.List;
import java.util.Map;

/** Stores values of every kind, for the monitoring tests. */
public class SensorService {

    public record Reading(String sensor, double celsius) {
    }

    @Entrypoint
    public boolean record(String variable, double value) {
        return Daeploy.store(variable, value);
    }

    @Entrypoint
    public void recordText(String variable, String text) {
        Daeploy.store(variable, text);
    }

    @Entrypoint
    public void recordReading(Reading reading) {
        Daeploy.store("reading", reading);
    }

    @Entrypoint
    public void recordPair(double a, double b) {
        Daeploy.store(Map.of("a", a, "b", b));
    }

    @Entrypoint(monitor = true)
    public List<Integer> doubled(List<Integer> values) {
        return values.stream().map(v -> v * 2).toList();
    }

    @Entrypoint(method = "GET", monitor = true)
    public int add(int a, int b) {
        return a + b;
    }

    @Entrypoint(monitor = true)
    public void refuse() {
        throw new HttpException(403, "no");
    }
}
