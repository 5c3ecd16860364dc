package io.daeploy.manager.image;

import com.google.cloud.tools.jib.api.LogEvent;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of a build's application layers Jib built and which it took from its layer cache, so that the user sees
 * that a redeploy changing only the application rebuilt only that layer. Jib tells a layer it built in a debug
 * event ({@code Building <name> layer built sha256:...}) and says nothing of one it found in its cache.
 */
final class LayerReport {

    private static final Pattern BUILT = Pattern.compile("^Building (.+) layer built sha256:[0-9a-f]+$");

    private final List<String> layers;
    private final Set<String> built = ConcurrentHashMap.newKeySet(); // Jib builds layers on threads of its own

    /** @param layers the names of the build's application layers, in their order */
    LayerReport(List<String> layers) {
        this.layers = List.copyOf(layers);
    }

    void note(LogEvent event) {
        if (event.getLevel() == LogEvent.Level.DEBUG) {
            Matcher m = BUILT.matcher(event.getMessage().strip());
            if (m.matches()) {
                built.add(m.group(1));
            }
        }
    }

    /** E.g. {@code Layers built: application; from the cache: dependencies, resources}. */
    String summary() {
        List<String> fresh = layers.stream().filter(built::contains).toList();
        List<String> cached = layers.stream().filter(l -> !built.contains(l)).toList();
        return "Layers built: " + (fresh.isEmpty() ? "none" : String.join(", ", fresh))
                + "; from the cache: " + (cached.isEmpty() ? "none" : String.join(", ", cached));
    }
}
