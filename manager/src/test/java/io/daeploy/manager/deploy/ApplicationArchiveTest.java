package io.daeploy.manager.deploy;

import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.HttpErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApplicationArchiveTest {

    private final ApplicationArchive archive = new ApplicationArchive(10 * 1024 * 1024);

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../../x", "/etc/passwd", "C:/win", "..\\x", "libs/../../x"})
    void entriesPointingOutsideAreRefused(String name) {
        DomainException e = assertThrows(DomainException.class, () -> ApplicationArchive.requireSafeName(name));
        assertEquals(422, HttpErrors.status(e).code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.jar", "libs/a.jar", "libs/..a.jar", "a..b/c"})
    void ordinaryEntriesAreAccepted(String name) {
        ApplicationArchive.requireSafeName(name);
    }

    @Test
    void aRunnableJarIsStoredAsTheApplication(@TempDir Path dir) throws IOException {
        Path jar = runnableJar(dir.resolve("service.jar"));
        archive.unpack(jar, dir.resolve("out"));
        assertTrue(Files.exists(dir.resolve("out").resolve(ApplicationArchive.APPLICATION_JAR)));
    }

    @Test
    void aBundleKeepsItsLibs(@TempDir Path dir) throws IOException {
        Path jar = runnableJar(dir.resolve("service.jar"));
        Path zip = dir.resolve("bundle.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("service.jar"));
            Files.copy(jar, out);
            out.putNextEntry(new ZipEntry("libs/dep.jar"));
            out.write(new byte[]{1, 2, 3});
        }
        archive.unpack(zip, dir.resolve("out"));
        assertTrue(Files.exists(dir.resolve("out/application.jar")));
        assertTrue(Files.exists(dir.resolve("out/libs/dep.jar")));
        assertFalse(Files.exists(dir.resolve("out/service.jar")));
    }

    @Test
    void textIsNotAnArchive(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("a.txt"), "hello");
        DomainException e = assertThrows(DomainException.class, () -> archive.unpack(text, dir.resolve("out")));
        assertTrue(e.getMessage().contains("not a jar or zip"));
    }

    private static Path runnableJar(Path file) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "com.example.Main");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            out.putNextEntry(new ZipEntry("com/example/Main.class"));
            out.write(new byte[]{0});
        }
        return file;
    }
}
