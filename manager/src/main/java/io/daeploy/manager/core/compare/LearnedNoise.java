package io.daeploy.manager.core.compare;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields in which a main differed from itself when asked the same twice: noise, left out when its shadows and
 * canary are compared with it. Kept as shapes (array indexes as {@code *}), so a timestamp in every item of a list is
 * learned once.
 */
public final class LearnedNoise {

    /** A bound on what one name can teach: an answer that differs everywhere is not worth comparing field by field. */
    static final int MAX_FIELDS = 200;

    private final Set<String> shapes = ConcurrentHashMap.newKeySet();

    /** Notes the fields of one pair of the main's answers that differed. */
    public void learn(List<String> differingShapes) {
        for (String shape : differingShapes) {
            if (shapes.size() >= MAX_FIELDS) {
                return;
            }
            shapes.add(shape);
        }
    }

    public boolean covers(String pointer) {
        return !shapes.isEmpty() && JsonPointers.coveredByAny(shapes, pointer);
    }

    public List<String> fields() {
        return shapes.stream().sorted().toList();
    }
}
