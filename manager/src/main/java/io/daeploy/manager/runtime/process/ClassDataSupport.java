package io.daeploy.manager.runtime.process;

import java.util.List;

/**
 * What a service JVM of this JDK can keep of its start for the next one ({@code DAEPLOY_SERVICE_CLASS_CACHE}): JDK 25
 * and later an ahead-of-time cache per version ({@code -XX:AOTCache}: classes loaded and linked, method profiles);
 * JDK 21 to 24 a dynamic AppCDS archive per version ({@code -XX:ArchiveClassesAtExit}), layered on the shared archive.
 * Every JDK maps the shared AppCDS archive of the libraries ({@link SharedClassData}).
 */
enum ClassDataSupport {
    AOT_CACHE("aot"),
    DYNAMIC_ARCHIVE("jsa"),
    /** The setting is off, or the service's JVM options manage class data themselves. */
    OFF("");

    /** Options by which a user's DAEPLOY_SERVICE_JAVA_OPTS takes class data into its own hands: the caches stay out. */
    private static final List<String> OWN_CLASS_DATA_OPTIONS = List.of("-Xshare:", "-XX:SharedArchiveFile", "-XX:AOTCache",
            "-XX:AOTMode", "-XX:AOTConfiguration", "-XX:ArchiveClassesAtExit", "-XX:+AutoCreateSharedArchive",
            "-XX:DumpLoadedClassList", "-XX:SharedClassListFile");

    private final String fileExtension;

    ClassDataSupport(String fileExtension) {
        this.fileExtension = fileExtension;
    }

    /** The per-version cache's file extension. */
    String fileExtension() {
        return fileExtension;
    }

    /**
     * @param setting     {@code on} or {@code off}
     * @param jdkFeature  the feature release of the JDK the services run on (21, 25, ...)
     * @param javaOptions the services' JVM options
     */
    static ClassDataSupport choose(String setting, int jdkFeature, List<String> javaOptions) {
        if (setting.equals("off") || managedByUser(javaOptions)) {
            return OFF;
        }
        return jdkFeature >= 25 ? AOT_CACHE : DYNAMIC_ARCHIVE;
    }

    static boolean managedByUser(List<String> javaOptions) {
        return javaOptions.stream().anyMatch(option -> OWN_CLASS_DATA_OPTIONS.stream().anyMatch(option::startsWith));
    }

    /** The one line the manager logs at start about what services get. */
    String announcement(String setting, int jdkFeature) {
        return switch (this) {
            case AOT_CACHE -> "Class data (DAEPLOY_SERVICE_CLASS_CACHE=on): services share an AppCDS archive of their"
                    + " libraries, and each version gets an AOT cache (-XX:AOTCache, JDK " + jdkFeature
                    + ") after its first start, for its restarts";
            case DYNAMIC_ARCHIVE -> "Class data (DAEPLOY_SERVICE_CLASS_CACHE=on): JDK " + jdkFeature + " has no AOT cache"
                    + " (JDK 25 has), so each version gets a dynamic AppCDS archive (-XX:ArchiveClassesAtExit) after its"
                    + " first start instead; services share an AppCDS archive of their libraries";
            case OFF -> setting.equals("off")
                    ? "Class data: off (DAEPLOY_SERVICE_CLASS_CACHE=off): services start without shared or per-version archives"
                    : "Class data: off, since DAEPLOY_SERVICE_JAVA_OPTS sets class-data options of its own";
        };
    }
}
