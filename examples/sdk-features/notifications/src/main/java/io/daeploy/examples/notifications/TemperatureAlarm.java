package io.daeploy.examples.notifications;

import java.time.Duration;
import java.util.List;

import io.daeploy.common.Severity;
import io.daeploy.sdk.Daeploy;
import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.Entrypoint;
import io.daeploy.sdk.Parameter;
import io.daeploy.sdk.TypeRef;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Sensors report temperatures; a reading above a threshold raises a notification on the manager's dashboard,
 * and a critical one is also e-mailed, at most once every ten minutes while it repeats.
 */
public class TemperatureAlarm {

    public enum Level { NORMAL, WARNING, CRITICAL }

    /** What the sensor is told back: the level, and whether the manager took the notification. */
    public record Verdict(String sensor, double celsius, Level level, boolean notified) {
    }

    static final Duration EMAIL_AT_MOST_EVERY = Duration.ofMinutes(10);

    private final Parameter<Double> warningAbove = Parameter.of("warningAbove", 30.0);
    private final Parameter<Double> criticalAbove = Parameter.of("criticalAbove", 40.0);
    private final Parameter<List<String>> emails = Parameter.of("emails", new TypeRef<List<String>>() {}, List.of());

    /** A reading from a sensor that names itself; no thermometer reads below absolute zero or above a furnace. */
    @Entrypoint
    public Verdict report(@NotBlank @Size(max = 100) String sensor, @DecimalMin("-273.15") @DecimalMax("2000") double celsius) {
        if (celsius > criticalAbove.get()) {
            boolean sent = Daeploy.notify(sensor + " reads " + celsius + " °C, above " + criticalAbove.get() + " °C",
                    Severity.CRITICAL, emails.get(), EMAIL_AT_MOST_EVERY);
            return new Verdict(sensor, celsius, Level.CRITICAL, sent);
        }
        if (celsius > warningAbove.get()) {
            boolean sent = Daeploy.notify(sensor + " reads " + celsius + " °C, above " + warningAbove.get() + " °C",
                    Severity.WARNING);
            return new Verdict(sensor, celsius, Level.WARNING, sent);
        }
        return new Verdict(sensor, celsius, Level.NORMAL, false);
    }

    public static void main(String[] args) {
        DaeployService.run(new TemperatureAlarm());
    }
}
