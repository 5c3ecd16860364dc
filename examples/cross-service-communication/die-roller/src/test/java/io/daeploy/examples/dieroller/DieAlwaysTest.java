package io.daeploy.examples.dieroller;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DieAlwaysTest {

    @Test
    void unsetMeansAFairDie() {
        assertEquals(OptionalInt.empty(), DieAlways.fromEnvironment(Map.of()));
        assertEquals(OptionalInt.empty(), DieAlways.fromEnvironment(Map.of("DIE_ALWAYS", " ")));
    }

    @Test
    void everyFaceCanBeForced() {
        for (int face = 1; face <= 6; face++) {
            assertEquals(OptionalInt.of(face), DieAlways.fromEnvironment(Map.of("DIE_ALWAYS", Integer.toString(face))));
        }
        assertEquals(OptionalInt.of(6), DieAlways.fromEnvironment(Map.of("DIE_ALWAYS", " 6 ")));
    }

    @Test
    void aValueThatIsNoFaceIsIgnored() {
        for (String bad : new String[] {"0", "7", "-1", "six", "6.0"}) {
            assertEquals(OptionalInt.empty(), DieAlways.fromEnvironment(Map.of("DIE_ALWAYS", bad)), bad);
        }
    }
}
