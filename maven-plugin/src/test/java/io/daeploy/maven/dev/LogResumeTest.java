package io.daeploy.maven.dev;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A log followed over several connections prints each line once. */
class LogResumeTest {

    private final List<String> printed = new ArrayList<>();
    private final LogResume resume = new LogResume(4, printed::add);

    private void connection(String... lines) {
        resume.reconnected();
        for (String line : lines) {
            resume.accept(line);
        }
    }

    @Test
    void theTailOfANewConnectionThatRepeatsWhatWasPrintedIsSkipped() {
        connection("a", "b", "c");
        connection("a", "b", "c", "d", "e");
        assertEquals(List.of("a", "b", "c", "d", "e"), printed);
    }

    @Test
    void aTailThatStartsLaterThanWhatWasPrintedStillLinesUp() {
        connection("a", "b", "c", "d");
        connection("c", "d", "e");
        assertEquals(List.of("a", "b", "c", "d", "e"), printed);
    }

    @Test
    void aConnectionWithNothingInCommonIsPrintedWhole() {
        connection("a", "b");
        connection("x", "y");
        assertEquals(List.of("a", "b", "x", "y"), printed);
    }

    @Test
    void linesHeldWhileTheyMatchAreReleasedWhenTheMatchBreaks() {
        connection("a", "b", "c");
        connection("b", "x");
        assertEquals(List.of("a", "b", "c", "b", "x"), printed);
    }

    @Test
    void theFirstConnectionPrintsEverything() {
        connection("a", "a", "b");
        assertEquals(List.of("a", "a", "b"), printed);
    }
}
