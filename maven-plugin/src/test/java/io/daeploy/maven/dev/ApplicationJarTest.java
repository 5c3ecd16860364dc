package io.daeploy.maven.dev;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application jar written again from target/classes: as package made it, and the same bytes for the same content. */
class ApplicationJarTest {

    private static final String MANIFEST = "Manifest-Version: 1.0\r\nMain-Class: com.example.HelloService\r\n"
            + "Class-Path: libs/daeploy-sdk-0.1.0.jar\r\n\r\n";

    @TempDir
    Path dir;

    /** A jar as maven-jar-plugin leaves it: its own times, a pom.properties, classes. */
    private Path packagedJar() throws Exception {
        Path jar = dir.resolve("packaged.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            put(out, "META-INF/MANIFEST.MF", MANIFEST);
            put(out, "META-INF/maven/com.example/hello/pom.properties", "version=1.0.0\n");
            put(out, "com/example/HelloService.class", "old");
        }
        return jar;
    }

    private static void put(ZipOutputStream out, String name, String content) throws Exception {
        out.putNextEntry(new ZipEntry(name));
        out.write(content.getBytes());
        out.closeEntry();
    }

    private Path classes() throws Exception {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("com/example"));
        Files.writeString(classes.resolve("com/example/HelloService.class"), "new");
        Files.writeString(classes.resolve("com/example/HelloService$1.class"), "inner");
        Files.writeString(classes.resolve("greeting.txt"), "Hello");
        return classes;
    }

    @Test
    void theManifestAndMavenDescriptorsAreKeptAndTheClassesAreTheFolders() throws Exception {
        Path out = dir.resolve("hello.jar");
        ApplicationJar.from(packagedJar()).write(classes(), out);

        try (JarFile jar = new JarFile(out.toFile())) {
            assertEquals("com.example.HelloService", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertEquals("libs/daeploy-sdk-0.1.0.jar", jar.getManifest().getMainAttributes().getValue("Class-Path"));
            assertNotNull(jar.getEntry("META-INF/maven/com.example/hello/pom.properties"));
            assertEquals("new", new String(jar.getInputStream(jar.getEntry("com/example/HelloService.class")).readAllBytes()));
            assertNotNull(jar.getEntry("com/example/HelloService$1.class"));
            assertNotNull(jar.getEntry("greeting.txt"));
            assertNotNull(jar.getEntry("com/example/"), "folders are entries, as maven-jar-plugin writes them");
        }
        try (JarInputStream in = new JarInputStream(Files.newInputStream(out))) {
            assertNotNull(in.getManifest(), "the manifest comes first, where a JarInputStream looks");
        }
        try (ZipFile zip = new ZipFile(out.toFile())) {
            List<String> names = Collections.list(zip.entries()).stream().map(ZipEntry::getName).toList();
            List<String> sorted = new ArrayList<>(names.subList(2, names.size()));
            Collections.sort(sorted);
            assertEquals(sorted, names.subList(2, names.size()));
            assertEquals(names.size(), names.stream().distinct().count(), "no entry twice");
        }
    }

    @Test
    void theSameContentGivesTheSameBytesWhateverTheFileTimes() throws Exception {
        ApplicationJar jar = ApplicationJar.from(packagedJar());
        Path classes = classes();
        Path first = dir.resolve("first.jar");
        Path second = dir.resolve("second.jar");
        jar.write(classes, first);
        Files.setLastModifiedTime(classes.resolve("greeting.txt"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        jar.write(classes, second);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));

        Files.writeString(classes.resolve("greeting.txt"), "Hi");
        jar.write(classes, second);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(first), Files.readAllBytes(second)));
    }

    @Test
    void writingOverTheJarThatItCameFromWorksAndLeavesNoPartialFile() throws Exception {
        Path packaged = packagedJar();
        ApplicationJar.from(packaged).write(classes(), packaged);
        ApplicationJar.from(packaged).write(classes(), packaged);
        try (JarFile jar = new JarFile(packaged.toFile())) {
            assertEquals("com.example.HelloService", jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".part")));
        }
    }
}
