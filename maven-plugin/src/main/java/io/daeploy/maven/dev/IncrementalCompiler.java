package io.daeploy.maven.dev;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Compiles the saved sources only, in this JVM (no Maven run, no new JVM: that is most of a second saved), into
 * {@code target/classes} against the project's compile class path, with the options {@code package} used. Classes
 * of the project that did not change are read from {@code target/classes}.
 */
public final class IncrementalCompiler {

    private final ProjectLayout layout;
    private final List<String> classPath;
    private final String release;
    private final Charset encoding;

    /**
     * @param classPath the project's compile class path ({@code target/classes} and the dependencies)
     * @param release   {@code maven.compiler.release} (or null: this JDK's)
     */
    public IncrementalCompiler(ProjectLayout layout, List<String> classPath, String release, Charset encoding) {
        this.layout = layout;
        this.classPath = classPath;
        this.release = release;
        this.encoding = encoding;
    }

    /** What a compile gave: whether class files were written, and the compiler's messages. */
    public record Outcome(boolean compiled, List<String> messages) {
    }

    /** Removes the classes of deleted sources, then compiles the sources of the change that still exist. */
    public Outcome compile(ChangeSet change) throws IOException {
        for (Path source : change.sources()) {
            if (!Files.exists(source)) {
                deleteClassesOf(source);
            }
        }
        List<Path> sources = change.sourcesToCompile();
        if (sources.isEmpty()) {
            return new Outcome(true, List.of());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            return new Outcome(false, List.of("This Maven runs on a Java without a compiler (a JRE): run it on a JDK"));
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter other = new StringWriter(); // option errors, which are not diagnostics of a file
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, encoding)) {
            Files.createDirectories(layout.classes());
            boolean ok;
            try {
                ok = javac.getTask(other, files, diagnostics, options(), null, files.getJavaFileObjectsFromPaths(sources)).call();
            } catch (IllegalArgumentException e) { // a bad option: --release newer than this JDK
                return new Outcome(false, List.of("The compiler refused its options: " + e.getMessage()
                        + ". Run Maven on a JDK that knows release " + release + " (./mvnw picks one)"));
            }
            List<String> messages = new ArrayList<>(CompilerMessages.format(errorsAndWarnings(diagnostics.getDiagnostics()),
                                                                             layout.pom().getParent()));
            other.toString().lines().filter(l -> !l.isBlank()).forEach(messages::add);
            return new Outcome(ok, messages);
        }
    }

    private List<String> options() {
        List<String> options = new ArrayList<>(List.of("-d", layout.classes().toString(),
                "-classpath", String.join(java.io.File.pathSeparator, classPath),
                // a source the saved ones use and that is newer than its class is compiled with them
                "-sourcepath", layout.sources().toString(),
                // entrypoint parameters are read by name, as the archetype's compiler configuration says
                "-parameters", "-implicit:class"));
        if (release != null && !release.isBlank()) {
            options.add("--release");
            options.add(release.strip());
        }
        return options;
    }

    private static List<Diagnostic<? extends JavaFileObject>> errorsAndWarnings(List<Diagnostic<? extends JavaFileObject>> all) {
        return all.stream().filter(d -> d.getKind() != Diagnostic.Kind.NOTE && d.getKind() != Diagnostic.Kind.OTHER).toList();
    }

    /** {@code a/b/Hello.java} leaves {@code a/b/Hello.class} and {@code a/b/Hello$Inner.class}. */
    private void deleteClassesOf(Path source) throws IOException {
        Path relative = layout.sources().relativize(source);
        String base = relative.getFileName().toString().replaceFirst("\\.java$", "");
        Path folder = layout.classes().resolve(relative).getParent();
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> classes = Files.list(folder)) {
            for (Path file : (Iterable<Path>) classes::iterator) {
                String name = file.getFileName().toString();
                if (name.equals(base + ".class") || name.startsWith(base + "$") && name.endsWith(".class")) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
