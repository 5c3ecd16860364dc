package io.daeploy.maven;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Parses {@code -Ddaeploy.env=K=V,K2=V2} into the environment given to a deployed service. */
public final class EnvProperty {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvProperty() {
    }

    /**
     * Entries are separated by commas; each splits at its first {@code =}, so a value may hold more of them.
     * Blank input gives an empty map.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static Map<String, String> parse(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String raw : text.split(",")) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue; // tolerate "A=1," and "A=1,,B=2"
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(bad(entry, "it has no '='"));
            }
            String key = entry.substring(0, eq).strip();
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException(bad(entry, "'" + key + "' is not a valid variable name"
                        + " (letters, digits and _, not starting with a digit)"));
            }
            env.put(key, entry.substring(eq + 1));
        }
        return Collections.unmodifiableMap(env);
    }

    private static String bad(String entry, String why) {
        return "Invalid -Ddaeploy.env entry '" + entry + "': " + why
                + ". Use KEY=VALUE pairs separated by commas, e.g. -Ddaeploy.env=LOG_LEVEL=debug,GREETING=Hi";
    }
}
