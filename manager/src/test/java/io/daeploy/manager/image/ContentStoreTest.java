package io.daeploy.manager.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentStoreTest {

    @TempDir
    Path work;

    /** A file of a version's folder, as a deploy leaves it. */
    private Path versionFile(String version, String name, String content) throws IOException {
        return Files.writeString(Files.createDirectories(work.resolve(version)).resolve(name), content);
    }

    @Test
    void theSameContentIsOneStoredFileThatStaysWhileAVersionUsesIt() throws IOException {
        ContentStore store = new ContentStore(work.resolve("store"));
        Path first = versionFile("v1", "lib.jar", "same bytes");
        Path second = versionFile("v2", "lib.jar", "same bytes");

        Path stored = store.keep(first);
        assertEquals(stored, store.keep(second), "one stored file for one content");

        Files.delete(first);
        assertEquals(0, store.prune(), "v2 still uses it");
        assertTrue(Files.exists(stored));
    }

    @Test
    void pruneDeletesWhatNoVersionUsesAnyMore() throws IOException {
        ContentStore store = new ContentStore(work.resolve("store"));
        Path used = versionFile("kept", "app.jar", "kept");
        Path gone = versionFile("killed", "app.jar", "killed!");
        Path keptCopy = store.keep(used);
        Path goneCopy = store.keep(gone);

        Files.delete(gone);
        assertEquals(7, store.prune(), "the bytes of the one file no version uses");
        assertFalse(Files.exists(goneCopy));
        assertFalse(Files.exists(goneCopy.getParent()), "its folder goes too");
        assertTrue(Files.exists(keptCopy));
    }
}
