package io.daeploy.examples.dieroller;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The entrypoint is a plain method: test it as one. */
class DieRollerTest {

    @Test
    void aFairDieShowsEveryFaceAndNothingElse() {
        DieRoller die = new DieRoller(new Random(42), OptionalInt.empty());
        Set<Integer> seen = new TreeSet<>();
        for (int i = 0; i < 1000; i++) {
            seen.add(die.roll());
        }
        assertEquals(Set.of(1, 2, 3, 4, 5, 6), seen);
    }

    @Test
    void aLoadedDieAlwaysShowsItsFace() {
        DieRoller die = new DieRoller(new Random(), OptionalInt.of(6));
        for (int i = 0; i < 100; i++) {
            assertEquals(6, die.roll());
        }
    }
}
