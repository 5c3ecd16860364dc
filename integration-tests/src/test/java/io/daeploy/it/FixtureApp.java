package io.daeploy.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The fixture service as the plugin would upload it: a zip with the application jar and libs/ at its root. */
final class FixtureApp {

    private static Path zip;

    private FixtureApp() {
    }

    static synchronized Path zip() {
        if (zip == null) {
            zip = packaged(TestPaths.fixtureDir(), "fixture-service.jar",
                    TestPaths.newWorkDir("fixture").resolve("fixture-service.zip"));
        }
        return zip;
    }

    /** The application that {@code dir} (a service project's target folder) holds, packed into {@code zip}. */
    static Path packaged(Path dir, String jar, Path zip) {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            add(z, dir.resolve(jar), jar);
            try (Stream<Path> libs = Files.list(dir.resolve("libs"))) {
                for (Path lib : libs.sorted().toList()) {
                    add(z, lib, "libs/" + lib.getFileName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot package the application of " + dir + " (was it built?)", e);
        }
        return zip;
    }

    /** A zip holding the given entries, each with a few bytes of content. */
    static Path zipWithEntries(Path dir, String fileName, List<String> entryNames) {
        Path file = dir.resolve(fileName);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            for (String name : entryNames) {
                z.putNextEntry(new ZipEntry(name));
                z.write("x".getBytes());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static void add(ZipOutputStream z, Path file, String name) throws IOException {
        z.putNextEntry(new ZipEntry(name));
        Files.copy(file, z);
        z.closeEntry();
    }
}
