package io.daeploy.maven.dev;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only the saved sources are compiled, into target/classes; a compile error is told as file, line and text. */
class IncrementalCompilerTest {

    @TempDir
    Path project;

    private ProjectLayout layout() {
        return ProjectLayout.standard(project, project.resolve("target"), "hello");
    }

    private IncrementalCompiler compiler() {
        return new IncrementalCompiler(layout(), List.of(layout().classes().toString()), null, StandardCharsets.UTF_8);
    }

    private Path source(String name, String code) throws Exception {
        Path file = layout().sources().resolve("com/example/" + name + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "package com.example;\n" + code);
        return file;
    }

    private ChangeSet saved(Path... files) {
        return ChangeSet.of(List.of(files), layout(), Instant.now());
    }

    @Test
    void theSavedSourceIsCompiledAgainstTheClassesAlreadyThere() throws Exception {
        Path greeting = source("Greeting", "public class Greeting { public static String word() { return \"Hello\"; } }");
        assertTrue(compiler().compile(saved(greeting)).compiled());
        Path hello = source("Hello", "public class Hello { String hello(String name) { return Greeting.word() + \" \" + name; } }");

        IncrementalCompiler.Outcome outcome = compiler().compile(saved(hello));

        assertTrue(outcome.compiled(), outcome.messages().toString());
        assertTrue(Files.isRegularFile(layout().classes().resolve("com/example/Hello.class")));
    }

    @Test
    void aCompileErrorGivesTheFileTheLineAndTheText() throws Exception {
        Path hello = source("Hello", "public class Hello {\n    String hello() { return \"Hi\" }\n}\n");

        IncrementalCompiler.Outcome outcome = compiler().compile(saved(hello));

        assertFalse(outcome.compiled());
        String first = outcome.messages().get(0);
        assertTrue(first.startsWith("src/main/java/com/example/Hello.java:3: error: ';' expected"), first);
        assertFalse(Files.exists(layout().classes().resolve("com/example/Hello.class")));
    }

    @Test
    void aDeletedSourceTakesItsClassesAlong() throws Exception {
        Path hello = source("Hello", "public class Hello { Runnable r = new Runnable() { public void run() { } }; }");
        assertTrue(compiler().compile(saved(hello)).compiled());
        assertTrue(Files.exists(layout().classes().resolve("com/example/Hello$1.class")));
        Files.delete(hello);

        assertTrue(compiler().compile(saved(hello)).compiled());

        try (var left = Files.list(layout().classes().resolve("com/example"))) {
            assertEquals(List.of(), left.toList());
        }
    }
}
