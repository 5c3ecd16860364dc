package io.daeploy.examples.yatzee;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The game with a die of the test's own: no die_roller, no manager. */
class YatzeeTest {

    private final List<List<Integer>> yatzees = new ArrayList<>();

    /** A die that shows these faces in this order, and fails the test when rolled once too often. */
    static IntSupplier dieShowing(int... faces) {
        PrimitiveIterator.OfInt next = IntStream.of(faces).iterator();
        return next::nextInt;
    }

    @Test
    void playRollsFiveDiceAndAnswersThemSorted() {
        Yatzee game = new Yatzee(dieShowing(5, 3, 6, 1, 3), yatzees::add);

        assertEquals(List.of(1, 3, 3, 5, 6), game.play());
        assertTrue(yatzees.isEmpty(), "no yatzee");
    }

    @Test
    void fiveEqualDiceAreAYatzeeAnnouncedOnce() {
        Yatzee game = new Yatzee(dieShowing(4, 4, 4, 4, 4), yatzees::add);

        assertEquals(List.of(4, 4, 4, 4, 4), game.play());
        assertEquals(List.of(List.of(4, 4, 4, 4, 4)), yatzees);
    }

    @Test
    void eachGameRollsAgain() {
        Yatzee game = new Yatzee(dieShowing(6, 6, 6, 6, 6, 2, 6, 6, 6, 6), yatzees::add);

        assertEquals(List.of(6, 6, 6, 6, 6), game.play());
        assertEquals(List.of(2, 6, 6, 6, 6), game.play());
        assertEquals(1, yatzees.size(), "four of a kind is no yatzee");
    }

    @Test
    void onlyFiveEqualDiceAreAYatzee() {
        assertTrue(Yatzee.isYatzee(List.of(1, 1, 1, 1, 1)));
        assertFalse(Yatzee.isYatzee(List.of(1, 1, 1, 1, 2)));
        assertFalse(Yatzee.isYatzee(List.of(6, 6, 6, 6)));
    }
}
