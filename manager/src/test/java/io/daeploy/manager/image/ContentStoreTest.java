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

    @Test
    void theSameContentIsOneStoredFileThatStaysWhileAVersionUsesIt() throws IOException {
        ContentStore store = new ContentStore(work.resolve("store"));
        Path first = Files.writeString(Files.createDirectories(work.resolve("v1")).resolve("lib.jar"), "same bytes");
        Path second = Files.writeString(Files.createDirectories(work.resolve("v2")).resolve("lib.jar"), "same bytes");

        Path stored = store.keep(first);
        assertEquals(stored, store.keep(second), "one stored file for one content");

        Files.delete(first);
        assertEquals(0, store.prune(), "v2 still uses it");
        assertTrue(Files.exists(stored));
    }

    @Test
    void pruneDeletesWhatNoVersionUsesAnyMore() throws IOException {
        ContentStore store = new ContentStore(work.resolve("store"));
        Path used = Files.writeString(Files.createDirectories(work.resolve("kept")).resolve("app.jar"), "kept");
        Path gone = Files.writeString(Files.createDirectories(work.resolve("killed")).resolve("app.jar"), "killed!");
        Path keptCopy = store.keep(used);
        Path goneCopy = store.keep(gone);

        Files.delete(gone);
        assertEquals(7, store.prune(), "the bytes of the one file no version uses");
        assertFalse(Files.exists(goneCopy));
        assertFalse(Files.exists(goneCopy.getParent()), "its folder goes too");
        assertTrue(Files.exists(keptCopy));
    }
}
