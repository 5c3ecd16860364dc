package io.daeploy.manager.content;

import io.daeploy.manager.MovableClock;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.HttpErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContentStoreTest {

    @TempDir
    Path work;

    private final MovableClock clock = new MovableClock(Instant.now());

    private ContentStore store() {
        return new ContentStore(work.resolve("blobs"), clock);
    }

    /** A file of a version's folder, as a whole-archive deploy leaves it. */
    private Path versionFile(String version, String name, String content) throws IOException {
        return Files.writeString(Files.createDirectories(work.resolve(version)).resolve(name), content);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Time passes beyond the grace of every blob written or asked about so far. */
    private void laterThanTheGrace() {
        clock.advance(ContentStore.GRACE.plusMinutes(1));
    }

    private long filesIn(String folder) throws IOException {
        try (Stream<Path> files = Files.list(work.resolve("blobs").resolve(folder))) {
            return files.count();
        }
    }

    @Test
    void theSameContentIsOneStoredFileThatStaysWhileAVersionUsesIt() throws IOException {
        ContentStore store = store();
        Path first = versionFile("v1", "lib.jar", "same bytes");
        Path second = versionFile("v2", "lib.jar", "same bytes");

        Path stored = store.keep(first);
        assertEquals(stored, store.keep(second), "one stored file for one content");
        assertEquals(work.resolve("blobs/sha256"), stored.getParent());

        Files.delete(first);
        laterThanTheGrace();
        assertEquals(0, store.prune(Set.of()), "v2 still uses it");
        assertTrue(Files.exists(stored));
    }

    @Test
    void pruneDeletesWhatNoVersionUsesAnyMoreOnceItsGraceIsOver() throws IOException {
        ContentStore store = store();
        Path used = versionFile("kept", "app.jar", "kept");
        Path gone = versionFile("killed", "app.jar", "killed!");
        Path keptCopy = store.keep(used);
        Path goneCopy = store.keep(gone);
        Files.delete(gone);

        assertEquals(0, store.prune(Set.of()), "a blob written within the grace stays: a deploy may be on its way");
        laterThanTheGrace();
        assertEquals(7, store.prune(Set.of()), "the bytes of the one blob no version uses");
        assertFalse(Files.exists(goneCopy));
        assertTrue(Files.exists(keptCopy));
    }

    @Test
    void anUploadIsCheckedAndKeptUnderItsDigest() throws Exception {
        ContentStore store = store();
        String digest = sha256("library".getBytes(StandardCharsets.UTF_8));

        assertEquals(Set.of(digest), store.missing(List.of(digest)));
        assertTrue(store.put(digest, 7, bytes("library"), "Entry libs/a.jar"), "new");
        assertFalse(store.put(digest, 7, bytes("library"), "Entry libs/a.jar"), "the store had it");
        assertEquals("library", Files.readString(store.path(digest)));
        assertEquals(Set.of(), store.missing(List.of(digest)));
        assertEquals(0, filesIn("incoming"), "no part left behind");
    }

    @Test
    void anUploadThatIsNotWhatWasAnnouncedIsRefusedNamingItAndNothingIsKept() throws Exception {
        ContentStore store = store();
        String digest = sha256("library".getBytes(StandardCharsets.UTF_8));

        DomainException otherBytes = assertThrows(DomainException.class,
                () -> store.put(digest, 7, bytes("LIBRARY"), "Entry libs/a.jar"));
        assertEquals(422, HttpErrors.status(otherBytes).code());
        assertTrue(otherBytes.getMessage().startsWith("Entry libs/a.jar: the bytes sent have the SHA-256 "), otherBytes.getMessage());

        DomainException shorter = assertThrows(DomainException.class, () -> store.put(digest, 7, bytes("libr"), "Entry libs/a.jar"));
        assertEquals("Entry libs/a.jar arrived truncated: 4 of the 7 bytes announced; nothing was kept", shorter.getMessage());

        DomainException longer = assertThrows(DomainException.class,
                () -> store.put(digest, 7, bytes("library and more"), "Entry libs/a.jar"));
        assertEquals(422, HttpErrors.status(longer).code());
        assertTrue(longer.getMessage().contains("more bytes arrived than the 7 announced"), longer.getMessage());

        InputStream broken = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 3) {
                    return 'l';
                }
                throw new IOException("connection reset");
            }
        };
        DomainException cut = assertThrows(DomainException.class, () -> store.put(digest, 7, broken, "Entry libs/a.jar"));
        assertEquals(422, HttpErrors.status(cut).code());
        assertTrue(cut.getMessage().startsWith("Entry libs/a.jar arrived truncated: the upload ended after 3 of 7 bytes"),
                cut.getMessage());

        assertEquals(Set.of(digest), store.missing(List.of(digest)), "nothing was stored");
        assertEquals(0, filesIn("incoming"), "no part left behind");
        assertEquals(0, filesIn("sha256"));
    }

    @Test
    void manyUploadsOfOneContentAtOnceAllSucceedWithOneWholeFile() throws Exception {
        ContentStore store = store();
        byte[] content = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(content);
        String digest = sha256(content);
        int uploads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(uploads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return store.put(digest, content.length, new ByteArrayInputStream(content), "Entry libs/big.jar");
                }));
            }
            start.countDown();
            int stored = 0;
            for (Future<Boolean> result : results) {
                stored += result.get() ? 1 : 0;
            }
            assertEquals(1, stored, "one of them published it, the others found it there");
        } finally {
            threads.shutdownNow();
        }
        assertArrayEquals(content, Files.readAllBytes(store.path(digest)));
        assertEquals(0, filesIn("incoming"));
    }

    @Test
    void aBlobStaysWhileAVersionsManifestNamesItOrADeployAskedForItLately() throws Exception {
        ContentStore store = store();
        String named = sha256("named".getBytes(StandardCharsets.UTF_8));
        String asked = sha256("asked".getBytes(StandardCharsets.UTF_8));
        String neither = sha256("neither".getBytes(StandardCharsets.UTF_8));
        store.put(named, 5, bytes("named"), "named");
        store.put(asked, 5, bytes("asked"), "asked");
        store.put(neither, 7, bytes("neither"), "neither");

        laterThanTheGrace();
        assertEquals(Set.of(), store.missing(List.of(asked)), "a deploy asks: it is there, and kept for the deploy");
        assertEquals(7, store.prune(Set.of(named)));
        assertEquals(Set.of(neither), store.missing(List.of(named, asked, neither)));

        laterThanTheGrace();
        assertEquals(5, store.prune(Set.of(named)), "the deploy that asked never came");
        assertTrue(Files.exists(store.path(named)), "named by a deployed version's manifest");
    }

    @Test
    void whileABuildOrAnAssemblyUsesTheStoreAPruneTakesNothingAndDoesNotWait() throws Exception {
        ContentStore store = store();
        String unused = sha256("unused".getBytes(StandardCharsets.UTF_8));
        store.put(unused, 6, bytes("unused"), "unused");
        laterThanTheGrace();

        assertEquals(0L, store.whileUsing(() -> CompletableFuture.supplyAsync(() -> store.prune(Set.of())).get()));
        assertTrue(Files.exists(store.path(unused)));
        assertEquals(6, store.prune(Set.of()), "the next prune");
    }

    @Test
    void aDigestIsNeverAPathOfItsOwn() {
        DomainException e = assertThrows(DomainException.class, () -> store().path("../../db/daeploy.mv.db"));
        assertEquals(422, HttpErrors.status(e).code());
    }
}
