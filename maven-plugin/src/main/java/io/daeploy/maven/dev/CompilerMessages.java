package io.daeploy.maven.dev;

import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The compiler's diagnostics as a developer reads them: {@code src/main/java/x/Hello.java:12: error: ';' expected}. */
public final class CompilerMessages {

    private CompilerMessages() {
    }

    /** One line per diagnostic (the compiler's own text may add lines: the source line and a caret), errors first. */
    public static List<String> format(List<? extends Diagnostic<? extends JavaFileObject>> diagnostics, Path baseDir) {
        return diagnostics.stream()
                .sorted((a, b) -> Boolean.compare(a.getKind() != Diagnostic.Kind.ERROR, b.getKind() != Diagnostic.Kind.ERROR))
                .map(d -> format(d, baseDir))
                .toList();
    }

    static String format(Diagnostic<? extends JavaFileObject> diagnostic, Path baseDir) {
        String where = diagnostic.getSource() == null ? "" : file(diagnostic.getSource(), baseDir)
                + (diagnostic.getLineNumber() > 0 ? ":" + diagnostic.getLineNumber() : "") + ": ";
        return where + kind(diagnostic.getKind()) + ": " + diagnostic.getMessage(Locale.ROOT);
    }

    private static String file(JavaFileObject source, Path baseDir) {
        try {
            Path path = Path.of(source.toUri());
            return path.startsWith(baseDir) ? baseDir.relativize(path).toString() : path.toString();
        } catch (RuntimeException e) {
            return source.getName();
        }
    }

    private static String kind(Diagnostic.Kind kind) {
        return switch (kind) {
            case ERROR -> "error";
            case WARNING, MANDATORY_WARNING -> "warning";
            default -> "note";
        };
    }
}
