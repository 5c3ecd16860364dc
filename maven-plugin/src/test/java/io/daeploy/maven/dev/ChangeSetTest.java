package io.daeploy.maven.dev;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a save changed, sorted into sources, resources and the POM, and how the reload line names it. */
class ChangeSetTest {

    @TempDir
    Path project;

    private ProjectLayout layout() {
        return ProjectLayout.standard(project, project.resolve("target"), "hello");
    }

    private Path file(String path, Instant modified) throws Exception {
        Path file = project.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    void sourcesResourcesAndThePomAreSortedAndTheNewestMtimeIsTheSave() throws Exception {
        Instant early = Instant.parse("2026-12-01T10:00:00Z");
        Instant late = Instant.parse("2026-12-01T10:00:02Z");
        Path hello = file("src/main/java/com/example/HelloService.java", early);
        Path text = file("src/main/resources/greeting.txt", late);
        Path pom = file("pom.xml", early);

        ChangeSet change = ChangeSet.of(List.of(text, hello, pom), layout(), Instant.now());

        assertEquals(List.of(hello), change.sources());
        assertEquals(List.of(text), change.resources());
        assertTrue(change.pom());
        assertEquals(late, change.savedAt());
        assertEquals("pom.xml, HelloService.java, greeting.txt", change.describe());
    }

    @Test
    void editorScratchFilesAndOtherFilesAreNoChange() throws Exception {
        Instant now = Instant.now();
        ChangeSet change = ChangeSet.of(List.of(file("src/main/java/.HelloService.java.swp", now),
                                                file("src/main/java/HelloService.java~", now),
                                                file("src/main/java/4913", now),
                                                file("src/main/java/notes.txt", now),
                                                file("README.md", now)), layout(), now);
        assertTrue(change.isEmpty(), change.toString());
    }

    @Test
    void aDeletedSourceIsNamedSoAndNotCompiled() throws Exception {
        Instant seen = Instant.parse("2026-12-01T10:00:05Z");
        Path gone = project.resolve("src/main/java/Old.java");
        ChangeSet change = ChangeSet.of(List.of(gone), layout(), seen);
        assertEquals("Old.java (deleted)", change.describe());
        assertEquals(seen, change.savedAt(), "a deletion is dated when it was seen");
        assertTrue(change.sourcesToCompile().isEmpty());
        assertFalse(change.isEmpty());
    }

    @Test
    void manyFilesAreCountedBeyondTheFirstFive() throws Exception {
        Instant now = Instant.now();
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            files.add(file("src/main/java/A" + i + ".java", now));
        }
        assertEquals("A0.java, A1.java, A2.java, A3.java, A4.java and 3 more",
                     ChangeSet.of(files, layout(), now).describe());
    }
}
