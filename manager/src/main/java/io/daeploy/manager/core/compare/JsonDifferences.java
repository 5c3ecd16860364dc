package io.daeploy.manager.core.compare;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The fields in which two JSON documents differ, as JSON pointers: a value that differs, a key or an item that one side
 * lacks. A field the caller leaves out is not looked into, and only noted as having differed.
 */
public final class JsonDifferences {

    /**
     * @param pointers the differing fields that count, at most the limit asked for
     * @param shapes   the same fields with each array index as {@code *}: how noise is learned
     * @param leftOut  whether some field left out differed
     */
    public record Found(List<String> pointers, List<String> shapes, boolean leftOut) {

        public boolean none() {
            return pointers.isEmpty();
        }
    }

    private final Predicate<String> leftOut;
    private final int limit;
    private final List<String> pointers = new ArrayList<>();
    private final List<String> shapes = new ArrayList<>();
    private boolean sawLeftOut;

    private JsonDifferences(Predicate<String> leftOut, int limit) {
        this.leftOut = leftOut;
        this.limit = limit;
    }

    /** Where {@code a} and {@code b} differ, leaving out the fields the predicate names, up to {@code limit} fields. */
    public static Found between(JsonNode a, JsonNode b, Predicate<String> leftOut, int limit) {
        JsonDifferences walk = new JsonDifferences(leftOut, limit);
        walk.compare(a, b, "", "");
        return new Found(List.copyOf(walk.pointers), List.copyOf(walk.shapes), walk.sawLeftOut);
    }

    private void compare(JsonNode a, JsonNode b, String pointer, String shape) {
        if (pointers.size() >= limit || a.equals(b)) {
            return;
        }
        if (!pointer.isEmpty() && leftOut.test(pointer)) {
            sawLeftOut = true;
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> keys = new LinkedHashSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                String segment = "/" + JsonPointers.segment(key);
                child(a.get(key), b.get(key), pointer + segment, shape + segment);
            }
        } else if (a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                child(a.get(i), b.get(i), pointer + "/" + i, shape + "/*");
            }
        } else {
            found(pointer, shape);
        }
    }

    private void child(JsonNode a, JsonNode b, String pointer, String shape) {
        if (a != null && b != null) {
            compare(a, b, pointer, shape);
        } else if (pointers.size() < limit) {
            if (leftOut.test(pointer)) {
                sawLeftOut = true;
            } else {
                found(pointer, shape);
            }
        }
    }

    private void found(String pointer, String shape) {
        pointers.add(pointer);
        shapes.add(shape);
    }
}
