package io.daeploy.manager.image;

import io.daeploy.manager.content.ContentStore;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApplicationLayersTest {

    @TempDir
    Path work;

    private Path app(String name, String applicationContent) throws IOException {
        Path dir = work.resolve(name);
        Files.createDirectories(dir.resolve("libs"));
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("application.jar"), applicationContent);
        Files.writeString(dir.resolve("libs").resolve("helidon-4.5.0.jar"), "released");
        Files.writeString(dir.resolve("libs").resolve("daeploy-sdk-0.1.0-SNAPSHOT.jar"), "snapshot");
        Files.writeString(dir.resolve("conf").resolve("app.properties"), "a=1");
        return dir;
    }

    private static List<String> targets(FileEntriesLayer layer) {
        return layer.getEntries().stream().map(e -> e.getExtractionPath().toString()).toList();
    }

    @Test
    void layersGoFromLeastToMostOftenChangedAndKeepTheJarsLayout() throws IOException {
        List<FileEntriesLayer> layers = ApplicationLayers.of(app("v1", "app"), ContentStore.in(work));
        assertEquals(List.of("dependencies", "snapshot dependencies", "resources", "application"),
                     layers.stream().map(FileEntriesLayer::getName).toList());
        assertEquals(List.of("/app/libs/helidon-4.5.0.jar"), targets(layers.get(0)));
        assertEquals(List.of("/app/libs/daeploy-sdk-0.1.0-SNAPSHOT.jar"), targets(layers.get(1)));
        assertEquals(List.of("/app/conf/app.properties"), targets(layers.get(2)));
        assertEquals(List.of("/app/application.jar"), targets(layers.get(3)));
    }

    /** Jib's layer cache knows a layer by its source files: the same jar in two uploads must be the same file. */
    @Test
    void unchangedFilesOfTwoVersionsAreTheSameSourceFiles() throws IOException {
        ContentStore store = ContentStore.in(work);
        List<FileEntriesLayer> first = ApplicationLayers.of(app("v1", "app one"), store);
        List<FileEntriesLayer> second = ApplicationLayers.of(app("v2", "app two"), store);
        for (int i = 0; i < 3; i++) {
            assertEquals(sources(first.get(i)), sources(second.get(i)), first.get(i).getName());
        }
        assertEquals(false, sources(first.get(3)).equals(sources(second.get(3))), "the changed application jar");
    }

    private static List<Path> sources(FileEntriesLayer layer) {
        return layer.getEntries().stream().map(FileEntry::getSourceFile).toList();
    }
}
