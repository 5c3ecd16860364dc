package io.daeploy.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApplicationFilesTest {

    @Test
    void eachFileIsAnnouncedByPathHashAndSizeInItsOrder(@TempDir Path dir) throws IOException {
        Path jar = Files.writeString(dir.resolve("app.jar"), "abc");
        Path lib = Files.writeString(dir.resolve("lib.jar"), "");
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("app.jar", jar);
        files.put("libs/lib.jar", lib);

        ApplicationFiles application = ApplicationFiles.of(files);

        assertEquals(List.of(
                new ManifestEntry("app.jar", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 3),
                new ManifestEntry("libs/lib.jar", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 0)),
                application.entries());
        assertEquals(lib, application.file(application.entries().get(1)));
        assertEquals(3, application.totalBytes());
    }
}
