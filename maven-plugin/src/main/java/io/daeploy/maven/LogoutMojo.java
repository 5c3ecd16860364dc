package io.daeploy.maven;

import io.daeploy.common.ManagerException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code mvn daeploy:logout [-Ddaeploy.host=URL]}: ends the session on the manager and forgets the token of a host
 * (the active one by default).
 */
@Mojo(name = "logout", requiresProject = false, threadSafe = true)
public class LogoutMojo extends AbstractDaeployMojo {

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String host = activeHost();
        String token = state().tokenFor(host);
        if (token == null && !host.equals(state().activeHost())) {
            throw new MojoFailureException("Not logged in to " + host);
        }
        if (token != null) {
            try {
                client(host, token).logout();
            } catch (ManagerException e) {
                // the token is forgotten here anyway; say that the manager may still accept it
                getLog().warn("Could not end the session on " + host + " (" + e.getMessage() + "); the token is"
                        + " forgotten here but stays valid there until it expires");
            }
        }
        saveState(state().withoutHost(host));
        getLog().info("Logged out from " + host);
    }
}
