package io.daeploy.manager.core.compare;

import io.daeploy.manager.errors.DomainException;

import java.util.List;

/**
 * How the answers of a name's shadows and canary are compared with its main's: fields to leave out, and whether the
 * manager finds noise by itself (Diffy's way: a sample of requests goes to the main twice, and a field in which the
 * main differs from itself is noise).
 *
 * @param name        the service name
 * @param ignore      JSON pointers (RFC 6901) of fields whose differences do not count; a segment {@code *} stands for
 *                    any key or index; a pointer leaves out everything under it
 * @param detectNoise send a sample of the main's requests to it again to find noisy fields (the main then answers those
 *                    requests twice: only for entrypoints without side effects)
 */
public record ComparisonRule(String name, List<String> ignore, boolean detectNoise) {

    /** Longest list a user can give: each difference of each copy is matched against it. */
    public static final int MAX_IGNORED = 100;

    public ComparisonRule {
        ignore = List.copyOf(ignore);
        if (ignore.size() > MAX_IGNORED) {
            throw DomainException.invalid("Field ignore: at most " + MAX_IGNORED + " JSON pointers, got " + ignore.size());
        }
        for (String pointer : ignore) {
            if (pointer == null || !pointer.startsWith("/") || pointer.length() > 500 || badEscape(pointer)) {
                throw DomainException.invalid("Field ignore: each entry a JSON pointer such as \"/timestamp\" or"
                        + " \"/items/*/id\" (starting with /, ~ only as ~0 or ~1), got " + (pointer == null ? "null" : "\"" + pointer + "\""));
            }
        }
    }

    /** The rule of a name nobody set one for: everything compared, no noise detection. */
    public static ComparisonRule none(String name) {
        return new ComparisonRule(name, List.of(), false);
    }

    public boolean comparesEverything() {
        return ignore.isEmpty() && !detectNoise;
    }

    private static boolean badEscape(String pointer) {
        for (int i = 0; i < pointer.length(); i++) {
            if (pointer.charAt(i) == '~' && (i + 1 >= pointer.length() || "01".indexOf(pointer.charAt(i + 1)) < 0)) {
                return true;
            }
        }
        return false;
    }
}
