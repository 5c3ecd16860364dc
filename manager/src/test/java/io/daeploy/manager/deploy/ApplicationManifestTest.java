package io.daeploy.manager.deploy;

import io.daeploy.common.ManifestEntry;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.HttpErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApplicationManifestTest {

    private static final long LIMIT = 10 * 1024 * 1024;
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    private static ManifestEntry entry(String path, String sha256, long size) {
        return new ManifestEntry(path, sha256, size);
    }

    private static DomainException refused(List<ManifestEntry> entries) {
        return assertThrows(DomainException.class, () -> ApplicationManifest.of(entries, LIMIT));
    }

    @Test
    void theRootJarIsTheApplicationAndTheRestKeepsItsPath() {
        ApplicationManifest manifest = ApplicationManifest.of(List.of(entry("yatzee.jar", A, 10), entry("libs/sdk.jar", B, 20),
                entry("libs/same-content.jar", B, 20)), LIMIT);
        Path app = Path.of("/data/app");
        assertEquals(app.resolve("application.jar"), manifest.destination(manifest.entries().get(0), app));
        assertEquals(app.resolve("libs/sdk.jar"), manifest.destination(manifest.entries().get(1), app));
        assertEquals(Set.of(A, B), manifest.digests(), "each content once");
        assertEquals("yatzee.jar", manifest.applicationJar().path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x.jar", "libs/../../x.jar", "/etc/passwd", "C:/win.jar", "libs\\x.jar", "libs//x.jar",
            "libs/./x.jar", "libs/", ".", "libs/x\u0000.jar", "libs/x\n.jar"})
    void pathsThatEscapeTheFolderOrAreNoPlainFilePathsAreRefusedNamingTheEntry(String path) {
        DomainException e = refused(List.of(entry("app.jar", A, 1), entry(path, B, 1)));
        assertEquals(422, HttpErrors.status(e).code());
        assertTrue(e.getMessage().startsWith("Entry " + path + " points outside the application folder"), e.getMessage());
    }

    @Test
    void aPathTwiceIsRefused() {
        DomainException e = refused(List.of(entry("app.jar", A, 1), entry("libs/x.jar", B, 1), entry("libs/x.jar", A, 1)));
        assertEquals(422, HttpErrors.status(e).code());
        assertEquals("Entry libs/x.jar is listed twice", e.getMessage());
    }

    @Test
    void aFileWhereAnotherEntryNeedsAFolderIsRefused() {
        DomainException e = refused(List.of(entry("app.jar", A, 1), entry("libs", B, 1), entry("libs/x.jar", B, 1)));
        assertEquals("Entry libs is a file, but entry libs/x.jar needs it as a folder", e.getMessage());
    }

    @Test
    void digestsAndSizesMustBeWellFormed() {
        assertEquals("Entry app.jar: sha256 must be 64 lower-case hexadecimal digits, got 'ABC'",
                refused(List.of(entry("app.jar", "ABC", 1))).getMessage());
        assertEquals("Entry app.jar: sha256 must be 64 lower-case hexadecimal digits, got '" + "A".repeat(64) + "'",
                refused(List.of(entry("app.jar", "A".repeat(64), 1))).getMessage());
        assertEquals("Entry app.jar: size must be 0 or more, got -1", refused(List.of(entry("app.jar", A, -1))).getMessage());
    }

    @Test
    void exactlyOneJarAtTheRoot() {
        assertTrue(refused(List.of(entry("libs/x.jar", A, 1))).getMessage().contains("exactly one jar at the root"));
        assertTrue(refused(List.of(entry("a.jar", A, 1), entry("b.jar", B, 1))).getMessage().endsWith("found 2: [a.jar, b.jar]"));
        assertEquals(422, HttpErrors.status(refused(List.of())).code());
    }

    @Test
    void limitsOfEntriesAndBytes() {
        List<ManifestEntry> many = new ArrayList<>(List.of(entry("app.jar", A, 1)));
        for (int i = 0; i < ApplicationManifest.MAX_ENTRIES; i++) {
            many.add(entry("libs/lib" + i + ".jar", B, 1));
        }
        assertEquals(413, HttpErrors.status(refused(many)).code());
        DomainException tooBig = refused(List.of(entry("app.jar", A, LIMIT), entry("libs/x.jar", B, 1)));
        assertEquals(413, HttpErrors.status(tooBig).code());
        assertEquals(422, HttpErrors.status(refused(List.of(entry("app.jar", A, 1), entry("libs/" + "x".repeat(1100), B, 1))))
                .code());
    }
}
