package io.daeploy.manager.runtime.process;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The order of a version's libraries on its class path. A JVM maps an AppCDS archive only when the class path starts
 * with the archive's jars in the archive's order; so libraries that an archive holds come first, in its order, and the
 * version's other libraries after, in the order of its manifest.
 */
final class SharedJarOrder {

    private SharedJarOrder() {
    }

    /** Whether an archive of {@code archiveJars} can serve a version with {@code libraries} (digests). */
    static boolean fits(List<String> archiveJars, List<String> libraries) {
        return !archiveJars.isEmpty() && Set.copyOf(libraries).containsAll(archiveJars);
    }

    /** {@code libraries} (digests, manifest order) with those of {@code archiveJars} first; as they are if it does not fit. */
    static List<String> order(List<String> libraries, List<String> archiveJars) {
        if (!fits(archiveJars, libraries)) {
            return List.copyOf(new LinkedHashSet<>(libraries));
        }
        Set<String> ordered = new LinkedHashSet<>(archiveJars);
        ordered.addAll(libraries);
        return new ArrayList<>(ordered);
    }
}
