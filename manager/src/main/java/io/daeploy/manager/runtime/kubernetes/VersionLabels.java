package io.daeploy.manager.runtime.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a version's Kubernetes objects are named, labelled and found again. Names and versions are mapped into the
 * alphabets Kubernetes allows, which is not one-to-one ({@code 1.0.0-RC1} and {@code 1.0.0-rc1} both become
 * {@code 1-0-0-rc1}), so every object name ends with a hash of the exact name and version, the exact values are
 * annotations, and objects are selected by the {@link #ID} label, never by a name computed from the version.
 */
public final class VersionLabels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String DAEPLOY = "daeploy";
    public static final String APP_NAME = "app.kubernetes.io/name";
    public static final String APP_VERSION = "app.kubernetes.io/version";
    public static final String NAME = "daeploy.name";
    public static final String VERSION = "daeploy.version";
    /** The hash of the exact name and version: what selectors use. */
    public static final String ID = "daeploy.id";
    public static final String NAME_ANNOTATION = "daeploy.io/name";
    public static final String VERSION_ANNOTATION = "daeploy.io/version";
    /** On a pod template and its pods: which code of the version they run (0 as deployed, then one per reload). */
    public static final String REVISION_ANNOTATION = "daeploy.io/revision";
    /** main or shadow: an annotation, since a selector cannot change and a role does. */
    public static final String ROLE_ANNOTATION = "daeploy.io/role";
    public static final String GENERATION_ANNOTATION = "daeploy.io/generation";

    private static final int MAX_NAME = 63;
    private static final int MAX_LABEL = 63;

    private VersionLabels() {
    }

    /** {@code daeploy-<name>-<version>-<hash>}, a DNS-1035 label of at most 63 characters. */
    public static String objectName(String name, String version) {
        String hash = id(name, version);
        String readable = dns("daeploy-" + name + "-" + version);
        int room = MAX_NAME - hash.length() - 1;
        if (readable.length() > room) {
            readable = readable.substring(0, room).replaceAll("-+$", "");
        }
        return readable + "-" + hash;
    }

    /** A short stable hash of the exact name and version: 8 hex digits of their SHA-256. */
    public static String id(String name, String version) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((name + "\u0000" + version).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The labels of every object of a version and of its pods. */
    public static Map<String, String> of(String name, String version) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, DAEPLOY);
        labels.put(APP_NAME, labelValue(name));
        labels.put(APP_VERSION, labelValue(version));
        labels.put(NAME, labelValue(name));
        labels.put(VERSION, labelValue(version));
        labels.put(ID, id(name, version));
        return labels;
    }

    /** What selects a version's pods: equality on labels that never change. */
    public static Map<String, String> selector(String name, String version) {
        return Map.of(MANAGED_BY, DAEPLOY, ID, id(name, version));
    }

    /** The exact name and version, and the role, as annotations. */
    public static Map<String, String> annotations(String name, String version, boolean main, long generation) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(NAME_ANNOTATION, name);
        annotations.put(VERSION_ANNOTATION, version);
        annotations.put(ROLE_ANNOTATION, role(main));
        annotations.put(GENERATION_ANNOTATION, Long.toString(generation));
        return annotations;
    }

    public static String role(boolean main) {
        return main ? "main" : "shadow";
    }

    /** The qualified name ({@code name_version}) an object's annotations give, when it is one of ours. */
    public static Optional<String> qualifiedName(Map<String, String> annotations) {
        if (annotations == null || !annotations.containsKey(NAME_ANNOTATION) || !annotations.containsKey(VERSION_ANNOTATION)) {
            return Optional.empty();
        }
        return Optional.of(annotations.get(NAME_ANNOTATION) + "_" + annotations.get(VERSION_ANNOTATION));
    }

    /** Lower case, every character outside {@code [a-z0-9-]} a dash, no dash twice or at the ends. */
    static String dns(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-")
                .replaceAll("^-+|-+$", "");
    }

    /** Into the label alphabet {@code [A-Za-z0-9._-]}, at most 63, starting and ending with a letter or digit. */
    static String labelValue(String text) {
        String mapped = text.replaceAll("[^A-Za-z0-9._-]", "_");
        if (mapped.length() > MAX_LABEL) {
            mapped = mapped.substring(0, MAX_LABEL);
        }
        return mapped.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
    }
}
