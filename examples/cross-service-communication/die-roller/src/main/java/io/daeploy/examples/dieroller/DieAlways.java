package io.daeploy.examples.dieroller;

import java.util.Map;
import java.util.OptionalInt;
import java.util.logging.Logger;

/**
 * The environment switch {@code DIE_ALWAYS=1..6} that loads the die: every roll shows that face.
 * It exists to force a yatzee in the tutorial and the tests.
 */
final class DieAlways {

    static final String VARIABLE = "DIE_ALWAYS";
    private static final Logger LOGGER = Logger.getLogger(DieAlways.class.getName());

    private DieAlways() {
    }

    /**
     * The face to always show, or empty for a fair die: when the variable is not set, and when its value is
     * not a face (that is logged as an error, and the die stays fair rather than the service refusing to start).
     */
    static OptionalInt fromEnvironment(Map<String, String> env) {
        String value = env.get(VARIABLE);
        if (value == null || value.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            int face = Integer.parseInt(value.strip());
            if (face >= 1 && face <= DieRoller.FACES) {
                LOGGER.info(VARIABLE + "=" + face + ": every roll shows " + face);
                return OptionalInt.of(face);
            }
        } catch (NumberFormatException notANumber) {
            // same answer as a number out of range, below
        }
        LOGGER.severe(VARIABLE + "='" + value + "' is not a face of the die (1 to " + DieRoller.FACES
                + "); ignoring it, the die is fair");
        return OptionalInt.empty();
    }
}
