package io.daeploy.maven;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientStateTest {

    private static final String GUARDED = "http://guarded:8080";
    private static final String OPEN = "http://open:9090";

    /** Logged in to a manager with authentication (a token), then to one without (none), which is active. */
    private static final ClientState TWO = ClientState.empty()
            .withActiveHost(GUARDED).withToken(GUARDED, "t")
            .withActiveHost(OPEN);

    @Test
    void aHostWithoutATokenIsKnownAllTheSame() {
        assertEquals(List.of(GUARDED, OPEN), List.copyOf(TWO.hosts()));
        assertTrue(TWO.knows(OPEN));
        assertNull(TWO.tokenFor(OPEN));
        assertEquals(OPEN, TWO.activeHost());
    }

    @Test
    void switchingHostsForgetsNone() {
        ClientState back = TWO.withActiveHost(GUARDED);
        assertEquals(Set.of(GUARDED, OPEN), back.hosts());
        assertEquals("t", back.tokenFor(GUARDED));
    }

    @Test
    void forgettingTheActiveHostKeepsTheOtherAndLeavesNoneActive() {
        ClientState left = TWO.withoutHost(OPEN);
        assertEquals(Set.of(GUARDED), left.hosts());
        assertEquals("t", left.tokenFor(GUARDED));
        assertNull(left.activeHost());
    }

    @Test
    void forgettingAnotherHostTakesItsTokenAndKeepsTheActiveOne() {
        ClientState left = TWO.withoutHost(GUARDED);
        assertEquals(Set.of(OPEN), left.hosts());
        assertNull(left.tokenFor(GUARDED));
        assertEquals(OPEN, left.activeHost());
        assertFalse(left.knows(GUARDED));
    }

    @Test
    void forgettingAnUnknownHostChangesNothing() {
        assertEquals(TWO, TWO.withoutHost("http://elsewhere:1"));
    }

    @Test
    void blankAndMissingPartsReadAsNothing() {
        ClientState state = new ClientState(" ", null, null);
        assertEquals(Set.of(), state.hosts());
        assertTrue(new ClientState(null, Set.of("", OPEN), null).knows(OPEN));
    }
}
