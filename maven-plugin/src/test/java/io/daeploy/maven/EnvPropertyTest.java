package io.daeploy.maven;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvPropertyTest {

    @Test
    void parsesPairsInOrder() {
        Map<String, String> env = EnvProperty.parse("LOG_LEVEL=debug,GREETING=Hi there");
        assertEquals(List.of("LOG_LEVEL", "GREETING"), List.copyOf(env.keySet()));
        assertEquals("debug", env.get("LOG_LEVEL"));
        assertEquals("Hi there", env.get("GREETING"));
    }

    @Test
    void valueMayContainEqualsSigns() {
        assertEquals(Map.of("JDBC", "jdbc:h2:mem:x;MODE=PostgreSQL", "Q", "a=b=c"),
                     EnvProperty.parse("JDBC=jdbc:h2:mem:x;MODE=PostgreSQL,Q=a=b=c"));
    }

    @Test
    void emptyValueIsAllowed() {
        assertEquals(Map.of("EMPTY", ""), EnvProperty.parse("EMPTY="));
    }

    @Test
    void blankOrMissingGivesNoVariables() {
        assertEquals(Map.of(), EnvProperty.parse(null));
        assertEquals(Map.of(), EnvProperty.parse("  "));
    }

    @Test
    void toleratesSpacesAndStrayCommas() {
        assertEquals(Map.of("A", "1", "B", "2"), EnvProperty.parse(" A=1 ,, B=2,"));
    }

    @Test
    void entryWithoutEqualsIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvProperty.parse("A=1,oops,B=2"));
        assertTrue(e.getMessage().contains("'oops'"), e.getMessage());
        assertTrue(e.getMessage().contains("-Ddaeploy.env="), e.getMessage());
    }

    @Test
    void invalidVariableNameIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvProperty.parse("=x"));
        assertTrue(e.getMessage().contains("'=x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnvProperty.parse("1ABC=x"));
        assertTrue(e.getMessage().contains("'1ABC'"), e.getMessage());
    }
}
