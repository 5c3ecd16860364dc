package io.daeploy.manager.core.compare;

import java.util.Collection;

/** Matching a field's JSON pointer against patterns whose segment {@code *} stands for any one key or index. */
public final class JsonPointers {

    private JsonPointers() {
    }

    /** Whether a pattern names the field or a field above it (a pointer leaves out everything under it). */
    public static boolean covers(String pattern, String pointer) {
        if (pattern.equals(pointer)) {
            return true;
        }
        int p = 0;
        int q = 0;
        while (p < pattern.length()) {
            if (q >= pointer.length() || pattern.charAt(p) != '/' || pointer.charAt(q) != '/') {
                return false;
            }
            int patternEnd = segmentEnd(pattern, p + 1);
            int pointerEnd = segmentEnd(pointer, q + 1);
            int length = patternEnd - p - 1;
            boolean any = length == 1 && pattern.charAt(p + 1) == '*';
            if (!any && (length != pointerEnd - q - 1 || !pattern.regionMatches(p + 1, pointer, q + 1, length))) {
                return false;
            }
            p = patternEnd;
            q = pointerEnd;
        }
        return true;
    }

    /** Whether any of the patterns covers the pointer. */
    public static boolean coveredByAny(Collection<String> patterns, String pointer) {
        for (String pattern : patterns) {
            if (covers(pattern, pointer)) {
                return true;
            }
        }
        return false;
    }

    /** A key as a pointer segment: {@code ~} and {@code /} escaped as RFC 6901 says. */
    public static String segment(String key) {
        return key.indexOf('~') < 0 && key.indexOf('/') < 0 ? key : key.replace("~", "~0").replace("/", "~1");
    }

    private static int segmentEnd(String pointer, int from) {
        int slash = pointer.indexOf('/', from);
        return slash < 0 ? pointer.length() : slash;
    }
}
