package io.daeploy.maven.dev;

import java.nio.file.Path;

/**
 * Where a service project keeps what {@code daeploy:dev} watches and what it rebuilds.
 *
 * @param sources   {@code src/main/java}
 * @param resources {@code src/main/resources}
 * @param pom       {@code pom.xml}
 * @param classes   {@code target/classes}
 * @param jar       {@code target/<finalName>.jar}, the application jar that {@code package} made
 * @param libs      {@code target/libs}, its dependencies
 */
public record ProjectLayout(Path sources, Path resources, Path pom, Path classes, Path jar, Path libs) {

    /** The usual layout under {@code baseDir}. */
    public static ProjectLayout standard(Path baseDir, Path buildDir, String finalName) {
        return new ProjectLayout(baseDir.resolve("src/main/java"), baseDir.resolve("src/main/resources"),
                                 baseDir.resolve("pom.xml"), buildDir.resolve("classes"),
                                 buildDir.resolve(finalName + ".jar"), buildDir.resolve("libs"));
    }
}
