package io.daeploy.maven;

import io.daeploy.common.ManagerException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;

/**
 * The one place that turns a failed manager call into a one-line message telling the user what to do.
 */
public final class ManagerErrors {

    private ManagerErrors() {
    }

    /**
     * @param e       the failure
     * @param host    the manager URL the goal talked to
     * @param subject the service the goal was working on (its name or version may be null)
     */
    public static String describe(ManagerException e, String host, Subject subject) {
        return switch (e.status()) {
            case 0 -> noAnswer(e, host);
            case 400, 413, 422 -> "The manager refused " + (subject.isKnown() ? subject.label() : "the request")
                    + ": " + e.detail();
            case 401 -> "Logged out from " + host + ", log in again: mvn daeploy:login -Ddaeploy.host=" + host
                    + " -Ddaeploy.username=<user> (the manager said: " + e.detail() + ")";
            // a 409 is an assign of a version that is not running, a user that exists...: the manager says which
            // (deploy turns its own 409 into alreadyDeployed, knowing what it asked for)
            case 403, 404, 409, 429 -> e.detail();
            default -> "The manager at " + host + " failed (HTTP " + e.status() + "): " + e.detail();
        };
    }

    /** A name and version that exist already (the manager's 409 to a deploy, or found by the plugin before uploading). */
    public static String alreadyDeployed(String host, Subject subject) {
        return subject.label() + " is already deployed on " + host + ": kill it first (mvn daeploy:kill"
                + " -Ddaeploy.name=" + subject.nameOr("<name>") + " -Ddaeploy.version=" + subject.versionOr("<version>")
                + " -Ddaeploy.yes) or deploy another version (-Ddaeploy.version=...)";
    }

    /**
     * Why a manager did not answer at all ({@link ManagerException#unreachable()}), in a few words: the one thing a
     * user checks first differs for a name that does not resolve, a port where nothing listens, and a silent host.
     */
    public static String whyUnanswered(ManagerException e) {
        if (unresolved(e)) {
            return "its host name does not resolve";
        }
        if (causedBy(e, HttpConnectTimeoutException.class)) {
            return "no connection could be made in time";
        }
        if ("timeout".equals(e.detail())) {
            return "it did not answer in time";
        }
        if (causedBy(e, ConnectException.class) || "unreachable".equals(e.detail())) {
            return "connection refused, nothing listens there";
        }
        return e.getMessage();
    }

    private static boolean unresolved(ManagerException e) {
        return causedBy(e, UnresolvedAddressException.class) || causedBy(e, UnknownHostException.class);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String noAnswer(ManagerException e, String host) {
        if (unresolved(e)) {
            return "Cannot reach the manager at " + host + ": " + whyUnanswered(e) + ". Check the URL, or pass"
                    + " -Ddaeploy.host=URL.";
        }
        if (e.getCause() instanceof ConnectException || "unreachable".equals(e.detail())) {
            return "Cannot reach the manager at " + host + ". Is it running? Start it (see README) or pass"
                    + " -Ddaeploy.host=URL.";
        }
        if ("timeout".equals(e.detail())) {
            return e.getMessage() + ". Check with mvn daeploy:ls, or wait longer with -Ddaeploy.timeout=SECONDS.";
        }
        return e.getMessage();
    }

    /** The service a goal works on, for messages; either part may be unknown (null). */
    public record Subject(String name, String version) {

        public static final Subject NONE = new Subject(null, null);

        boolean isKnown() {
            return name != null;
        }

        String label() {
            return nameOr("the service") + (version == null ? "" : " " + version);
        }

        String nameOr(String fallback) {
            return name == null ? fallback : name;
        }

        String versionOr(String fallback) {
            return version == null ? fallback : version;
        }
    }
}
