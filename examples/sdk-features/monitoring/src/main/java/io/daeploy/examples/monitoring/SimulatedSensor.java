package io.daeploy.examples.monitoring;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.function.Supplier;

/** A sensor for the example: a day's warming and cooling, with a little noise. */
final class SimulatedSensor implements Supplier<GreenhouseService.Reading> {

    private final Random noise = new Random();

    @Override
    public GreenhouseService.Reading get() {
        Instant now = Instant.now();
        double hour = now.atOffset(ZoneOffset.UTC).getHour() + now.atOffset(ZoneOffset.UTC).getMinute() / 60.0;
        double daily = Math.sin((hour - 9) / 24 * 2 * Math.PI); // warmest mid-afternoon
        double celsius = 22 + 8 * daily + noise.nextGaussian() * 0.3;
        double humidity = 60 - 15 * daily + noise.nextGaussian();
        return new GreenhouseService.Reading(now, Math.round(celsius * 10) / 10.0, Math.round(humidity * 10) / 10.0);
    }
}
