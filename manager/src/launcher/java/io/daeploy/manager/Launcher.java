package io.daeploy.manager;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The manager jar's Main-Class. Compiled for Java 8, so that {@code java -jar} on an older Java prints one line
 * saying what to do instead of the JVM's class-version error; on Java 21+ it hands over to {@code Main}.
 */
public final class Launcher {

    static final int NEEDED = 21;

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        int major = major(System.getProperty("java.specification.version"));
        if (major < NEEDED) {
            System.err.println(tooOld(System.getProperty("java.version"), System.getProperty("java.home")));
            System.exit(1);
        }
        MethodHandle main = MethodHandles.publicLookup().findStatic(Class.forName("io.daeploy.manager.Main"), "main",
                MethodType.methodType(void.class, String[].class));
        main.invokeExact(args);
    }

    static String tooOld(String version, String home) {
        return "The Daeploy manager needs Java " + NEEDED + " or newer, and this is Java " + version + " (" + home + ")."
                + " Start it with a JDK " + NEEDED + "+: install one (for example apt-get install openjdk-21-jdk-headless)"
                + " and use its java, or in a clone of Daeploy run bin/jdk21 java -jar ..., which finds one.";
    }

    /** "1.8" is Java 8, "17" is Java 17. */
    static int major(String specification) {
        String major = specification.startsWith("1.") ? specification.substring(2) : specification;
        int dot = major.indexOf('.');
        return Integer.parseInt(dot < 0 ? major : major.substring(0, dot));
    }
}
