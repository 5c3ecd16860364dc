package io.daeploy.maven;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DeployArchiveTest {

    @TempDir
    Path target;

    @Test
    void jarAtRootAndLibrariesInLibsAndNothingElse() throws IOException {
        Path jar = Files.writeString(target.resolve("hello.jar"), "app");
        Path libs = Files.createDirectories(target.resolve("libs"));
        Files.writeString(libs.resolve("b-lib-2.0.jar"), "b");
        Files.writeString(libs.resolve("a-lib-1.0.jar"), "a");
        Files.createDirectories(libs.resolve("nested")).resolve("ignored.jar");
        Files.writeString(target.resolve("classes.txt"), "not part of the upload");
        Path zip = target.resolve("daeploy/hello-1.0.0.zip");

        int libraries = DeployArchive.write(jar, libs, zip);

        assertEquals(2, libraries);
        assertEquals(List.of("hello.jar", "libs/", "libs/a-lib-1.0.jar", "libs/b-lib-2.0.jar"), entryNames(zip));
        assertArrayEquals("app".getBytes(), content(zip, "hello.jar"));
        assertArrayEquals("a".getBytes(), content(zip, "libs/a-lib-1.0.jar"));
    }

    @Test
    void theFilesOfAnIncrementalDeployHaveTheZipsNames() throws IOException {
        Path jar = Files.writeString(target.resolve("hello.jar"), "app");
        Path libs = Files.createDirectories(target.resolve("libs"));
        Files.writeString(libs.resolve("b-lib-2.0.jar"), "b");
        Files.writeString(libs.resolve("a-lib-1.0.jar"), "a");
        Files.createDirectories(libs.resolve("nested"));

        Map<String, Path> files = DeployArchive.files(jar, libs);

        assertEquals(List.of("hello.jar", "libs/a-lib-1.0.jar", "libs/b-lib-2.0.jar"), List.copyOf(files.keySet()));
        assertEquals(libs.resolve("a-lib-1.0.jar"), files.get("libs/a-lib-1.0.jar"));
        assertEquals(List.of("hello.jar"), List.copyOf(DeployArchive.files(jar, target.resolve("none")).keySet()));
    }

    @Test
    void withoutLibsTheJarIsAlone() throws IOException {
        Path jar = Files.writeString(target.resolve("hello.jar"), "app");
        Path zip = target.resolve("daeploy/hello-1.0.0.zip");

        assertEquals(0, DeployArchive.write(jar, target.resolve("libs"), zip));
        assertEquals(List.of("hello.jar"), entryNames(zip));
    }

    @Test
    void sameInputsGiveTheSameBytes() throws IOException {
        Path jar = Files.writeString(target.resolve("hello.jar"), "app");
        Path libs = Files.createDirectories(target.resolve("libs"));
        Files.writeString(libs.resolve("a.jar"), "a");
        Path first = target.resolve("one.zip");
        Path second = target.resolve("two.zip");
        DeployArchive.write(jar, libs, first);
        DeployArchive.write(jar, libs, second);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    private static List<String> entryNames(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }

    private static byte[] content(Path zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError(name + " not in " + zip);
    }
}
