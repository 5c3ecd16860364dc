package io.daeploy.examples.monitoring;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import io.daeploy.sdk.Daeploy;
import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.Entrypoint;
import io.daeploy.sdk.Every;
import io.daeploy.sdk.Parameter;

/**
 * Reads a greenhouse's sensor every second and keeps the readings in the service's monitoring store, where
 * {@code GET /~monitor} (JSON), {@code /~monitor/csv} and {@code /~monitor/db} find them. The ventilation opens
 * above a threshold, which is a monitored parameter: every value it takes is stored too.
 */
public class GreenhouseService {

    public record Reading(Instant at, double celsius, double humidity) {
    }

    private final Parameter<Double> ventilateAbove = Parameter.of("ventilateAbove", 28.0).monitored();
    private final Supplier<Reading> sensor;
    private volatile Reading latest;
    private volatile boolean ventilating;

    public GreenhouseService() {
        this(new SimulatedSensor());
    }

    /** With another sensor: a real one, or a fake in tests. */
    public GreenhouseService(Supplier<Reading> sensor) {
        this.sensor = sensor;
    }

    /** Runs at start and then every second; the store writes in the background, so this never waits for a disk. */
    @Every("1s")
    public void readSensor() {
        Reading reading = sensor.get();
        latest = reading;
        Daeploy.store(Map.of("celsius", reading.celsius(), "humidity", reading.humidity()));
        boolean tooWarm = reading.celsius() > ventilateAbove.get();
        if (tooWarm != ventilating) {
            ventilate(tooWarm);
        }
    }

    @Entrypoint(method = "GET")
    public Reading latest() {
        return latest;
    }

    /** Opens or closes the ventilation; each call and its answer are stored as ventilate_request/_response. */
    @Entrypoint(monitor = true)
    public String ventilate(boolean open) {
        ventilating = open;
        Daeploy.store("ventilation", open ? "open" : "closed");
        return open ? "open" : "closed";
    }

    public static void main(String[] args) {
        DaeployService.run(new GreenhouseService());
    }
}
