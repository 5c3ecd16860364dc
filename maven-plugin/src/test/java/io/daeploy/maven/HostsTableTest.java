package io.daeploy.maven;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostsTableTest {

    private static final Path FILE = Path.of("/home/ann/.daeploy/config.json");

    @Test
    void marksTheActiveHostAndSaysWhetherATokenIsKeptButNeverShowsIt() {
        ClientState state = ClientState.empty()
                .withActiveHost("http://guarded:8080").withToken("http://guarded:8080", "s3cret-token")
                .withActiveHost("http://open:9090");
        List<String> lines = HostsTable.format(state, FILE);
        assertEquals(List.of(
                "ACTIVE  HOST                 TOKEN",
                "        http://guarded:8080  kept",
                "*       http://open:9090     none"), lines);
        assertFalse(String.join("\n", lines).contains("s3cret"));
    }

    @Test
    void saysWhatGoalsUseWhenNoHostIsActive() {
        ClientState state = ClientState.empty().withActiveHost("http://a:1").withoutHost("http://a:1")
                .withToken("http://b:2", "t");
        List<String> lines = HostsTable.format(state, FILE);
        assertEquals("        http://b:2  kept", lines.get(1));
        assertTrue(lines.get(2).startsWith("No host is active: goals use http://127.0.0.1:8080"), lines.get(2));
    }

    @Test
    void noHostsNamesTheFileAndHowToAddOne() {
        List<String> lines = HostsTable.format(ClientState.empty(), FILE);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains(FILE.toString()), lines.get(0));
        assertTrue(lines.get(0).contains("mvn daeploy:login -Ddaeploy.host=URL"), lines.get(0));
    }
}
