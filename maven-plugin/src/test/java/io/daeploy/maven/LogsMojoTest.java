package io.daeploy.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code mvn daeploy:logs} refuses before asking the manager, and the words it uses. */
class LogsMojoTest {

    @Test
    void aTailIsANumberOfLinesOrAll() {
        for (String tail : new String[] {"0", "50", "all", "ALL"}) {
            assertDoesNotThrow(() -> LogsMojo.requireTail(tail), tail);
        }
        for (String tail : new String[] {"lots", "-5", "1.5", ""}) {
            MojoFailureException refused = assertThrows(MojoFailureException.class, () -> LogsMojo.requireTail(tail), tail);
            assertTrue(refused.getMessage().startsWith("-Ddaeploy.tail must be a whole number of lines (e.g. 50) or all; got '"
                    + tail + "'"), refused.getMessage());
        }
    }

    @Test
    void aSinceIsAnIsoDateOrDateTime() {
        for (String since : new String[] {"2026-11-27", "2026-11-27T10:15:00", "2026-11-27 10:15:00", "2026-11-27T10:15:00.5Z",
                                          "2026-11-27T10:15:00+02:00"}) {
            assertDoesNotThrow(() -> LogsMojo.requireSince(since), since);
        }
        for (String since : new String[] {"yesterday", "27.11.2026", "2026-13-01", "10:15"}) {
            MojoFailureException refused = assertThrows(MojoFailureException.class, () -> LogsMojo.requireSince(since), since);
            assertTrue(refused.getMessage().startsWith("-Ddaeploy.since must be an ISO date or date-time (2026-11-27,"
                    + " 2026-11-27T10:15:00, 2026-11-27 10:15:00 or with Z/offset; UTC when none); got '" + since + "'"),
                       refused.getMessage());
        }
    }
}
