package io.daeploy.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleTimeoutsTest {

    @Test
    void readsTheFormsUsersWrite() {
        assertEquals(Duration.ofMinutes(10), IdleTimeouts.parse("10m"));
        assertEquals(Duration.ofSeconds(90), IdleTimeouts.parse("90s"));
        assertEquals(Duration.ofSeconds(90), IdleTimeouts.parse(" 90 "));
        assertEquals(Duration.ofHours(2), IdleTimeouts.parse("2H"));
        assertEquals(Duration.ofDays(1), IdleTimeouts.parse("1d"));
        assertEquals(Duration.ZERO, IdleTimeouts.parse("off"));
        assertEquals(Duration.ZERO, IdleTimeouts.parse("0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ten minutes", "-5m", "5x", "1.5m", "0s", "31d", "9999999999"})
    void refusesWhatIsNotADurationInRange(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdleTimeouts.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @Test
    void writesItBackAsReadable() {
        assertEquals("10m", IdleTimeouts.format(Duration.ofMinutes(10)));
        assertEquals("90s", IdleTimeouts.format(Duration.ofSeconds(90)));
        assertEquals("2h", IdleTimeouts.format(Duration.ofHours(2)));
        assertEquals("off", IdleTimeouts.format(Duration.ZERO));
    }
}
