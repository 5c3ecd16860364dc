package io.daeploy.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a public method without parameters periodically while the service runs:
 * {@code @Every("10s") public void readSensor() { ... }}.
 *
 * <p>The first run is at start, or one interval later with {@code waitFirst = true}. An exception is logged and
 * the schedule goes on. A run that takes longer than the interval logs a WARNING and raises a WARNING
 * notification at the manager; the next run then starts right away. Runs of one job never overlap.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Every {

    /**
     * The interval: a number and a unit, {@code 500ms}, {@code 10s}, {@code 1.5s}, {@code 5m}, {@code 2h},
     * {@code 1d} (or {@code milliseconds}, {@code seconds}, {@code minutes}, {@code hours}, {@code days}), or ISO-8601
     * such as {@code PT10S}.
     */
    String value();

    /** Wait one interval before the first run. */
    boolean waitFirst() default false;
}
