package io.daeploy.maven;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostChoiceTest {

    private static final String A = "http://a.example:8080";
    private static final String B = "http://b.example:9090";
    private static final ClientState B_ACTIVE = ClientState.empty().withActiveHost(A).withToken(A, "t").withActiveHost(B);

    @Test
    void theMenuNumbersTheKnownHostsAndMarksTheActiveOne() {
        HostChoice choice = new HostChoice(B_ACTIVE);
        assertEquals(List.of("Known hosts:", "  1 - " + A, "  2 - " + B + " (active)"), choice.menu());
        assertEquals("Host number, or a new manager URL [2]: ", choice.question());
    }

    @Test
    void aNumberPicksThatHost() {
        HostChoice choice = new HostChoice(B_ACTIVE);
        assertEquals(A, choice.pick("1"));
        assertEquals(B, choice.pick(" 2 "));
    }

    @Test
    void enterOrTheEndOfInputKeepsTheActiveHost() {
        assertEquals(B, new HostChoice(B_ACTIVE).pick(""));
        assertEquals(B, new HostChoice(B_ACTIVE).pick(null));
    }

    @Test
    void withNoActiveHostEnterMeansTheLaptopDefault() {
        HostChoice choice = new HostChoice(B_ACTIVE.withoutHost(B));
        assertEquals("Host number, or a new manager URL [" + ActiveHost.DEFAULT + "]: ", choice.question());
        assertEquals(ActiveHost.DEFAULT, choice.pick(""));
    }

    @Test
    void aUrlIsANewHost() {
        assertEquals("https://new.example", new HostChoice(B_ACTIVE).pick("https://new.example/"));
    }

    @Test
    void aNumberOutOfRangeSaysWhatToType() {
        HostChoice choice = new HostChoice(B_ACTIVE);
        for (String typed : List.of("0", "3", "99999999999999")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> choice.pick(typed));
            assertTrue(e.getMessage().startsWith("There is no host number " + typed + ": choose 1 to 2, or type a"
                    + " manager URL"), e.getMessage());
        }
    }

    @Test
    void somethingElseIsRefusedAsAUrl() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new HostChoice(B_ACTIVE).pick("b.example:9090"));
        assertTrue(e.getMessage().contains("must start with http:// or https://"), e.getMessage());
    }

    @Test
    void withNoHostsKnownItAsksForAUrl() {
        HostChoice choice = new HostChoice(ClientState.empty());
        assertEquals(List.of("No hosts known yet."), choice.menu());
        assertEquals("Manager URL [" + ActiveHost.DEFAULT + "]: ", choice.question());
        assertEquals(ActiveHost.DEFAULT, choice.pick(""));
        assertThrows(IllegalArgumentException.class, () -> choice.pick("1"));
    }

    @Test
    void askingShowsTheMenuAndReadsTheAnswerOnTheQuestionsLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsolePrompt scripted = new ConsolePrompt(new BufferedReader(new StringReader("1\n")),
                                                   new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(A, new HostChoice(B_ACTIVE).ask(scripted));
        assertEquals("Known hosts:\n  1 - " + A + "\n  2 - " + B + " (active)\nHost number, or a new manager URL [2]: ",
                     out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void askingWithNothingToReadNeverWaits() {
        ConsolePrompt closed = new ConsolePrompt(new BufferedReader(new StringReader("")),
                                                 new PrintStream(new ByteArrayOutputStream()));
        assertEquals(B, new HostChoice(B_ACTIVE).ask(closed));
    }
}
