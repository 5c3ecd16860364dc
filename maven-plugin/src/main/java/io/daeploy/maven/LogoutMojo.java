package io.daeploy.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/** {@code mvn daeploy:logout [-Ddaeploy.host=URL]}: forgets the token of a host (the active one by default). */
@Mojo(name = "logout", requiresProject = false, threadSafe = true)
public class LogoutMojo extends AbstractDaeployMojo {

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String host = activeHost();
        if (state().tokenFor(host) == null && !host.equals(state().activeHost())) {
            throw new MojoFailureException("Not logged in to " + host);
        }
        saveState(state().withoutHost(host));
        getLog().info("Logged out from " + host);
    }
}
