package io.daeploy.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn daeploy:login -Ddaeploy.host=URL}: checks that a manager answers there and makes it the active host
 * for the following goals. Username and password come with the manager's authentication.
 */
@Mojo(name = "login", requiresProject = false, threadSafe = true)
public class LoginMojo extends AbstractDaeployMojo {

    /** An access token for this host, stored in the state file and sent as a bearer token from now on. */
    @Parameter(property = "daeploy.token")
    private String token;

    @Override
    protected void run() throws MojoExecutionException {
        String host = activeHost();
        String newToken = setting("daeploy.token", token);
        String tokenToUse = newToken == null || newToken.isBlank() ? state().tokenFor(host) : newToken.strip();

        String managerVersion = client(host, tokenToUse).managerVersion();

        ClientState newState = state().withActiveHost(host);
        if (tokenToUse != null) {
            newState = newState.withToken(host, tokenToUse);
        }
        saveState(newState);
        getLog().info("Changed host to " + host + " (manager " + managerVersion + ")");
    }
}
