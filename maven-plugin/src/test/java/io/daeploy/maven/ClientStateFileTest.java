package io.daeploy.maven;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClientStateFileTest {

    @TempDir
    Path dir;

    @Test
    void missingFileReadsAsEmptyState() throws IOException {
        ClientState state = new ClientStateFile(dir.resolve("none.json")).read();
        assertNull(state.activeHost());
        assertEquals(Map.of(), state.accessTokens());
    }

    @Test
    void writeCreatesFoldersAndReadsBack() throws IOException {
        ClientStateFile file = new ClientStateFile(dir.resolve("a/b/config.json"));
        ClientState state = ClientState.empty()
                .withActiveHost("http://127.0.0.1:8080")
                .withToken("http://127.0.0.1:8080", "t0ken");
        file.write(state);

        assertEquals(state, file.read());
        try (var files = Files.list(dir.resolve("a/b"))) {
            assertEquals(List.of("config.json"), files.map(p -> p.getFileName().toString()).toList(),
                         "no temporary file left behind");
        }
    }

    @Test
    void fileUsesTheDocumentedShape() throws IOException {
        Path path = dir.resolve("config.json");
        new ClientStateFile(path).write(ClientState.empty().withActiveHost("https://m.example")
                .withToken("https://m.example", "abc").withActiveHost("http://open.example:8080"));

        JsonNode json = Json.mapper().readTree(path.toFile());
        assertEquals("http://open.example:8080", json.get("activeHost").asText());
        assertEquals("[\"http://open.example:8080\",\"https://m.example\"]", json.get("hosts").toString());
        assertEquals("abc", json.get("accessTokens").get("https://m.example").asText());
        assertEquals(1, json.get("accessTokens").size(), "a host without authentication has no token, only its entry");
    }

    @Test
    void aFileWrittenBeforeHostsWereListedKnowsItsHostsByTokensAndTheActiveOne() throws IOException {
        Path path = dir.resolve("config.json");
        Files.writeString(path, "{\"activeHost\":\"http://open:1\",\"accessTokens\":{\"http://guarded:2\":\"t\"}}");
        ClientState state = new ClientStateFile(path).read();
        assertEquals(Set.of("http://open:1", "http://guarded:2"), state.hosts());
        assertEquals("http://open:1", state.activeHost());
    }

    @Test
    void rewriteReplacesTheFileAndKeepsOtherTokens() throws IOException {
        ClientStateFile file = new ClientStateFile(dir.resolve("config.json"));
        file.write(ClientState.empty().withActiveHost("http://a:1").withToken("http://a:1", "ta"));
        file.write(file.read().withActiveHost("http://b:2"));

        ClientState state = file.read();
        assertEquals("http://b:2", state.activeHost());
        assertEquals("ta", state.tokenFor("http://a:1"));
        assertNull(state.tokenFor("http://b:2"));
    }

    @Test
    void readsFilesWrittenByHandWithUnknownFields() throws IOException {
        Path path = dir.resolve("config.json");
        Files.writeString(path, "{\"activeHost\":\"http://h:1\",\"future\":true}");
        ClientState state = new ClientStateFile(path).read();
        assertEquals("http://h:1", state.activeHost());
        assertEquals(Map.of(), state.accessTokens());
    }

    @Test
    void brokenFileIsAnError() throws IOException {
        Path path = dir.resolve("config.json");
        Files.writeString(path, "{not json");
        assertThrows(IOException.class, () -> new ClientStateFile(path).read());
    }
}
