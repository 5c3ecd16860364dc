package io.daeploy.manager.deploy;

import io.daeploy.common.ManifestEntry;
import io.daeploy.manager.MovableClock;
import io.daeploy.manager.content.ContentStore;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.HttpErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Versions assembled from the content store, and the store pruned as versions go. */
class VersionFoldersTest {

    @TempDir
    Path data;

    private final MovableClock clock = new MovableClock(Instant.now());

    private ContentStore content;
    private VersionFolders folders;

    private VersionFolders folders() {
        content = new ContentStore(data.resolve("blobs"), clock);
        folders = new VersionFolders(data, new ApplicationArchive(10 * 1024 * 1024), content);
        return folders;
    }

    private ManifestEntry upload(String path, byte[] bytes) throws Exception {
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        content.put(digest, bytes.length, new ByteArrayInputStream(bytes), path);
        return new ManifestEntry(path, digest, bytes.length);
    }

    private static byte[] runnableJar(String mainClass) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.putNextEntry(new ZipEntry("com/example/Main.class"));
            out.write(new byte[]{0});
        }
        return bytes.toByteArray();
    }

    private static ApplicationManifest manifest(ManifestEntry... entries) {
        return ApplicationManifest.of(List.of(entries), 10 * 1024 * 1024);
    }

    @Test
    void aManifestIsAssembledAsTheWholeArchiveWouldBeUnpackedWithCopiesOfTheBlobs() throws Exception {
        folders();
        byte[] jar = runnableJar("com.example.Main");
        ApplicationManifest manifest = manifest(upload("hello.jar", jar), upload("libs/dep.jar", new byte[]{1, 2, 3}));
        Path dir = folders.of("hello", "1.0.0");

        folders.storeAssembled(manifest, dir);

        assertArrayEquals(jar, Files.readAllBytes(dir.resolve("app/application.jar")));
        assertArrayEquals(new byte[]{1, 2, 3}, Files.readAllBytes(dir.resolve("app/libs/dep.jar")));
        assertFalse(Files.exists(dir.resolve("app/hello.jar")));
        assertTrue(Files.exists(dir.resolve(VersionFolders.MANIFEST)), "kept beside app/, out of the service's reach");
        Path blob = content.path(manifest.entries().get(1).sha256());
        assertNotEquals(Files.getAttribute(blob, "unix:ino"), Files.getAttribute(dir.resolve("app/libs/dep.jar"), "unix:ino"),
                "a copy: a service that writes its files does not write the store's");
    }

    @Test
    void contentTheStoreLacksIsRefusedNamingTheEntryAndNothingIsLeftBehind() throws Exception {
        folders();
        ManifestEntry jar = upload("hello.jar", runnableJar("com.example.Main"));
        ManifestEntry never = new ManifestEntry("libs/never-sent.jar", "c".repeat(64), 10);
        Path dir = folders.of("hello", "1.0.0");

        DomainException e = assertThrows(DomainException.class, () -> folders.storeAssembled(manifest(jar, never), dir));
        assertEquals(422, HttpErrors.status(e).code());
        assertEquals("The manager's content store lacks libs/never-sent.jar (sha256 " + "c".repeat(64) + "): upload it first,"
                + " then ask for the deploy again", e.getMessage());
        assertFalse(Files.exists(dir));
        try (var staged = Files.list(data.resolve("tmp"))) {
            assertEquals(0, staged.count());
        }
    }

    @Test
    void aSizeThatIsNotTheContentsIsALie() throws Exception {
        folders();
        ManifestEntry jar = upload("hello.jar", runnableJar("com.example.Main"));
        ManifestEntry lib = upload("libs/dep.jar", new byte[]{1, 2, 3});
        ManifestEntry lying = new ManifestEntry(lib.path(), lib.sha256(), 4);

        DomainException e = assertThrows(DomainException.class,
                () -> folders.storeAssembled(manifest(jar, lying), folders.of("hello", "1.0.0")));
        assertEquals("Entry libs/dep.jar: size 4, but its content (sha256 " + lib.sha256() + ") has 3 bytes", e.getMessage());
    }

    @Test
    void anApplicationJarWithoutMainClassIsRefusedAsAnUploadWouldBe() throws Exception {
        folders();
        ApplicationManifest manifest = manifest(upload("hello.jar", runnableJar(null)));
        DomainException e = assertThrows(DomainException.class, () -> folders.storeAssembled(manifest, folders.of("hello", "1.0.0")));
        assertTrue(e.getMessage().contains("no Main-Class"), e.getMessage());

        ApplicationManifest notAJar = manifest(upload("text.jar", "just text".getBytes()));
        DomainException unreadable = assertThrows(DomainException.class,
                () -> folders.storeAssembled(notAJar, folders.of("hello", "1.0.1")));
        assertEquals(422, HttpErrors.status(unreadable).code());
        assertTrue(unreadable.getMessage().startsWith("the application jar text.jar is not a readable jar"), unreadable.getMessage());
    }

    @Test
    void aKilledVersionsContentGoesOnceNoOtherVersionNamesIt() throws Exception {
        folders();
        ManifestEntry shared = upload("libs/shared.jar", new byte[]{1});
        ManifestEntry jarOne = upload("one.jar", runnableJar("com.example.One"));
        ManifestEntry jarTwo = upload("two.jar", runnableJar("com.example.Two"));
        folders.storeAssembled(manifest(jarOne, shared), folders.of("one", "1.0.0"));
        folders.storeAssembled(manifest(jarTwo, shared), folders.of("two", "1.0.0"));
        assertEquals(Set.of(shared.sha256(), jarOne.sha256(), jarTwo.sha256()), folders.referencedContent());

        clock.advance(ContentStore.GRACE.plusMinutes(1));
        folders.deleteVersion(folders.of("one", "1.0.0"));

        assertFalse(Files.exists(content.path(jarOne.sha256())), "only the killed version named it");
        assertTrue(Files.exists(content.path(shared.sha256())), "two still names it");
        assertTrue(Files.exists(content.path(jarTwo.sha256())));
        assertFalse(Files.exists(folders.of("one", "1.0.0")));
    }
}
