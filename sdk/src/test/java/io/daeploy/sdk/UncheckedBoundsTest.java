package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;

import org.junit.jupiter.api.Test;

/** A record's bounds that Bean Validation would never reach are named at start, not trusted silently. */
class UncheckedBoundsTest {

    public record Die(@Max(6) int face) {
    }

    public record Hand(List<Die> dice) {
    }

    public static class Table {
        @Entrypoint
        public int unchecked(Hand hand) {
            return 0;
        }

        @Entrypoint
        public int checked(@Valid List<@Valid Die> dice) {
            return 0;
        }
    }

    private static Method method(String name) {
        return Arrays.stream(Table.class.getMethods()).filter(m -> m.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void boundsReachedWithoutValidAreNamed() {
        assertEquals(List.of("unchecked(hand.dice[]): Die declares bounds, which are not checked here;"
                + " add @Valid where it is used (e.g. List<@Valid Die>)"), UncheckedBounds.in(method("unchecked")));
    }

    @Test
    void boundsReachedThroughValidAreFine() {
        assertEquals(List.of(), UncheckedBounds.in(method("checked")));
        for (Method entrypoint : ContractService.class.getMethods()) {
            assertEquals(List.of(), UncheckedBounds.in(entrypoint), entrypoint.getName());
        }
    }
}
