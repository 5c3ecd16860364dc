package io.daeploy.it;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** A JDK older than 21 on this machine (Debian's default is 17), to see what its users see. */
final class OldJava {

    private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)");

    private OldJava() {
    }

    /** Its home; skips the test where there is none, and fails it on CI, where .ci/run installs one. */
    static Path home() {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String reason = "needs a JDK older than 21 under /usr/lib/jvm (apt-get install openjdk-17-jdk-headless)";
            if (System.getenv("CI") != null) {
                Assertions.fail(reason + "; .ci/run should have installed it");
            }
            Assumptions.abort(reason);
        }
        return found.orElseThrow();
    }

    static int major(Path home) {
        try {
            Matcher m = VERSION.matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static Optional<Path> find() {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> Files.isExecutable(h.resolve("bin/javac")))
                    .filter(h -> major(h) >= 11 && major(h) < 21)
                    .max(Comparator.comparingInt(OldJava::major));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
