package io.daeploy.manager.runtime.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogRotationTest {

    @Test
    void aLargeLogIsCopiedAsideAndTheWriterGoesOnAtTheStart(@TempDir Path dir) throws IOException {
        Path live = dir.resolve("hello/1.0.0/logs/service.log");
        Files.createDirectories(live.getParent());
        try (OutputStream writer = Files.newOutputStream(live, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            writer.write("x".repeat(2000).getBytes());
            writer.flush();
            new LogRotation(dir, 1000).rotateWhatIsTooLarge();
            writer.write("after\n".getBytes()); // the service keeps its file open in append mode
        }
        assertEquals(2000, Files.size(dir.resolve("hello/1.0.0/logs/service.log.1")));
        assertEquals("after\n", Files.readString(live));

        Files.writeString(live, "y".repeat(1500));
        new LogRotation(dir, 1000).rotateWhatIsTooLarge();
        assertEquals(2000, Files.size(dir.resolve("hello/1.0.0/logs/service.log.2")), "older generation shifted");
        assertEquals(1500, Files.size(dir.resolve("hello/1.0.0/logs/service.log.1")));
    }
}
