package io.daeploy.sdk;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value an entrypoint parameter takes when the caller leaves it out, which makes it optional:
 * {@code public List<Integer> roll(@Default("3") int dice)}.
 *
 * <p>For a parameter that travels as JSON text (a {@code String}, an enum, a date, a UUID ...) the
 * value is that text as is: {@code @Default("Hello")}, {@code @Default("HAPPY")}. For every other type
 * it is JSON: {@code @Default("3")}, {@code @Default("[1, 2]")}, {@code @Default("{\"width\": 1}")}.
 * A default that does not fit its parameter stops the service at start, with a message naming it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Default {

    String value();
}
