package io.daeploy.manager.config;

/** The manager's own version. */
public final class ManagerVersion {

    private ManagerVersion() {
    }

    /** From the jar manifest, or "development" when run from classes. */
    public static String current() {
        String v = ManagerVersion.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
