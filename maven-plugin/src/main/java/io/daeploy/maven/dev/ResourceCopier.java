package io.daeploy.maven.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Brings the saved resources into {@code target/classes} as {@code process-resources} would (without filtering, which
 * the archetype does not use), and removes those deleted.
 */
public final class ResourceCopier {

    private ResourceCopier() {
    }

    public static void apply(ChangeSet change, ProjectLayout layout) throws IOException {
        for (Path resource : change.resources()) {
            Path target = layout.classes().resolve(layout.resources().relativize(resource).toString());
            if (Files.isRegularFile(resource)) {
                Files.createDirectories(target.getParent());
                Files.copy(resource, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(target);
            }
        }
    }
}
