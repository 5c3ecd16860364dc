package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Declaring parameters: what Parameter.of accepts, and the service-class mistakes that stop a start. */
class ParameterDeclarationTest {

    public static class DuplicateNames {
        final Parameter<String> one = Parameter.of("greeting", "Hello");
        final Parameter<String> two = Parameter.of("greeting", "Hi");

        @Entrypoint
        public String hello() {
            return one.get() + two.get();
        }
    }

    public static class NullField {
        Parameter<String> greeting;

        @Entrypoint
        public String hello() {
            return "x";
        }
    }

    @Test
    void typeComesFromTheInitialValue() {
        assertEquals(Integer.class, Parameter.of("n", 3).type());
        assertEquals(List.class, Parameter.of("xs", List.of(1, 2)).type());
        assertEquals(Map.class, Parameter.of("m", Map.of("a", 1)).type());
        assertEquals(Double.class, Parameter.of("ratio", Double.class, 0.5).type());
    }

    @Test
    void exposedAndUnmonitoredByDefault() {
        Parameter<String> greeting = Parameter.of("greeting", "Hello");

        assertTrue(greeting.exposed());
        assertFalse(greeting.isMonitored());
        assertFalse(greeting.notExposed().exposed());
        assertTrue(greeting.monitored().isMonitored());
        assertEquals("Hello", greeting.notExposed().monitored().get());
    }

    @Test
    void nameMustFitInAUrl() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parameter.of("my greeting", "Hi"));

        assertTrue(e.getMessage().startsWith("Parameter name 'my greeting' must be"), e.getMessage());
    }

    @Test
    void initialValueMustNotBeNull() {
        assertThrows(IllegalArgumentException.class, () -> Parameter.of("greeting", (String) null));
    }

    @Test
    void twoParametersOfOneNameStopTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DaeployService.start(new DuplicateNames(), 0));

        assertTrue(e.getMessage().startsWith("Two parameters are named 'greeting'"), e.getMessage());
    }

    @Test
    void nullParameterFieldStopsTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DaeployService.start(new NullField(), 0));

        assertEquals("Parameter field NullField.greeting is null; initialise it, e.g. = Parameter.of(\"greeting\", \"Hello\")",
                e.getMessage());
    }
}
