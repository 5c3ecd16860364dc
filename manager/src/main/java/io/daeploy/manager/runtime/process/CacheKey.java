package io.daeploy.manager.runtime.process;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Names of class-data files by what makes them valid, never by a version number: a JVM maps an archive only when its
 * JDK, its class-data options and its class path (the jars' contents) are those of the run that made it, and the same
 * name and version may be deployed again with other code.
 */
final class CacheKey {

    private CacheKey() {
    }

    /** The shared archive of {@code jarDigests}, in the class path's order. */
    static String sharedArchive(List<String> jarDigests, String jdkVersion, List<String> javaOptions) {
        return digest("shared", String.join(",", jarDigests), jdkVersion, String.join(" ", javaOptions));
    }

    /**
     * A version's own cache: its class path (which names the shared jars by content), the contents of its own jars,
     * the JDK and the JVM options.
     */
    static String versionCache(List<String> classpath, List<String> ownJarDigests, String jdkVersion, List<String> javaOptions) {
        return digest("version", String.join(java.io.File.pathSeparator, classpath), String.join(",", ownJarDigests),
                jdkVersion, String.join(" ", javaOptions));
    }

    private static String digest(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0); // no two lists of parts give the same bytes
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
