package io.daeploy.maven;

import io.daeploy.common.ManagerException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code mvn daeploy:logout [-Ddaeploy.host=URL]}: ends the session on the manager and forgets one host, its token
 * and its entry (the active host by default); the other known hosts stay as they are.
 */
@Mojo(name = "logout", requiresProject = false, threadSafe = true)
public class LogoutMojo extends AbstractDaeployMojo {

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String host = activeHost();
        if (!state().knows(host)) {
            throw new MojoFailureException(notKnown(host));
        }
        String token = state().tokenFor(host);
        if (token != null) {
            try {
                client(host, token).logout();
            } catch (ManagerException e) {
                // the token is forgotten here anyway; say that the manager may still accept it
                getLog().warn("Could not end the session on " + host + " (" + e.getMessage() + "); the token is"
                        + " forgotten here but stays valid there until it expires");
            }
        }
        boolean wasActive = host.equals(state().activeHost());
        saveState(state().withoutHost(host));
        getLog().info("Logged out from " + host);
        if (wasActive) {
            getLog().info("No host is active now: goals use -Ddaeploy.host=URL, else " + ActiveHost.DEFAULT
                    + ", until the next mvn daeploy:login" + (state().hosts().isEmpty() ? ""
                    : " (known hosts: " + String.join(", ", state().hosts()) + ")"));
        }
    }

    private String notKnown(String host) {
        String which = hostGiven() ? "Not logged in to " + host
                : "No host is active, so there is none to log out from by default";
        if (state().hosts().isEmpty()) {
            return which + ": no hosts are known (mvn daeploy:login -Ddaeploy.host=URL adds one)";
        }
        return which + ". Known hosts: " + String.join(", ", state().hosts())
                + "; log out of one with -Ddaeploy.host=URL";
    }
}
