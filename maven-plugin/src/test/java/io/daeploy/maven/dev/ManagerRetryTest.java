package io.daeploy.maven.dev;

import io.daeploy.common.ManagerException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A manager that does not answer is asked again with growing pauses, and said once; an answer that says no is not. */
class ManagerRetryTest {

    private final List<String> said = new ArrayList<>();
    private final List<Duration> pauses = new ArrayList<>();

    @Test
    void aManagerAwayIsAskedAgainUntilItAnswersSayingSoOnce() {
        AtomicInteger calls = new AtomicInteger();
        ManagerRetry retry = new ManagerRetry("http://m:8080", said::add, () -> false, pauses::add);

        String answer = retry.call(() -> {
            if (calls.incrementAndGet() < 6) {
                throw new ManagerException(0, "unreachable", "refused", null);
            }
            return "ok";
        });

        assertEquals("ok", answer);
        assertEquals(List.of("The manager at http://m:8080 is not answering (unreachable): trying again until it does (Ctrl-C"
                + " to stop)", "The manager at http://m:8080 answers again"), said);
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                             Duration.ofSeconds(4)), pauses);
    }

    @Test
    void anAnswerIsNotRetried() {
        ManagerRetry retry = new ManagerRetry("http://m:8080", said::add, () -> false, pauses::add);
        ManagerException e = assertThrows(ManagerException.class, () -> retry.call(() -> {
            throw new ManagerException(422, "did not start", "422", null);
        }));
        assertEquals(422, e.status());
        assertEquals(List.of(), pauses);
    }

    @Test
    void aStoppedSessionStopsTrying() {
        ManagerRetry retry = new ManagerRetry("http://m:8080", said::add, () -> true, pauses::add);
        assertThrows(ManagerException.class, () -> retry.call(() -> {
            throw new ManagerException(0, "unreachable", "refused", null);
        }));
        assertEquals(List.of(), pauses);
    }
}
