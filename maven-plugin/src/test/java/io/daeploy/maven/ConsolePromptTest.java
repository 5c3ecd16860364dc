package io.daeploy.maven;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsolePromptTest {

    @Test
    void onlyYesMeansYes() {
        assertTrue(answer("y\n"));
        assertTrue(answer(" YES \n"));
        assertFalse(answer("n\n"));
        assertFalse(answer("\n"));
        assertFalse(answer("sure\n"));
        assertFalse(answer(""), "end of input means no");
    }

    @Test
    void asksWithTheDefaultShown() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ConsolePrompt(new BufferedReader(new StringReader("y\n")), new PrintStream(out, true, StandardCharsets.UTF_8))
                .confirm(KillMojo.QUESTION);
        assertEquals("Are you sure you want to kill the above service(s)? [y/N] ", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLineIsStrippedAndTheEndOfInputIsAnEmptyAnswer() {
        ConsolePrompt prompt = new ConsolePrompt(new BufferedReader(new StringReader("  2 \n")),
                                                 new PrintStream(new ByteArrayOutputStream()));
        assertEquals("2", prompt.line("Which? "));
        assertEquals("", prompt.line("Which? "), "no more input: no wait, an empty answer");
    }

    private static boolean answer(String typed) {
        return new ConsolePrompt(new BufferedReader(new StringReader(typed)), new PrintStream(new ByteArrayOutputStream()))
                .confirm("Sure?");
    }
}
