package io.daeploy.maven;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.ManagerException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn daeploy:login -Ddaeploy.host=URL [-Ddaeploy.username=U -Ddaeploy.password=P | -Ddaeploy.token=T]}:
 * logs in to a manager and makes it the active host for the following goals. Without credentials it
 * checks the token stored for the host (or, on a manager without authentication, just the host).
 */
@Mojo(name = "login", requiresProject = false, threadSafe = true)
public class LoginMojo extends AbstractDaeployMojo {

    /** An access token (from mvn daeploy:token) to use instead of a user name and password. */
    @Parameter(property = "daeploy.token")
    private String token;

    /** User name on the manager. */
    @Parameter(property = "daeploy.username")
    private String username;

    /** Password; asked for on the console when left out in an interactive run. */
    @Parameter(property = "daeploy.password")
    private String password;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String host = activeHost();
        String newToken = optional("daeploy.token", token);
        String user = optional("daeploy.username", username);
        String tokenToUse;
        if (newToken != null) {
            tokenToUse = newToken.strip();
        } else if (user != null) {
            tokenToUse = loginWithPassword(host, user);
        } else {
            tokenToUse = state().tokenFor(host);
        }
        String managerVersion = client(host, tokenToUse).managerVersion();
        JsonNode who;
        try {
            who = client(host, tokenToUse).verify();
        } catch (ManagerException e) {
            if (e.status() != 401) {
                throw e;
            }
            throw new MojoFailureException(newToken != null
                    ? "The manager at " + host + " does not accept that token"
                    : "The manager at " + host + " needs a login: mvn daeploy:login -Ddaeploy.host=" + host
                      + " -Ddaeploy.username=<user> (or -Ddaeploy.token=<token>)");
        }
        ClientState newState = state().withActiveHost(host);
        if (tokenToUse != null) {
            newState = newState.withToken(host, tokenToUse);
        }
        saveState(newState);
        boolean authenticated = !who.path("auth").isBoolean() || who.path("auth").asBoolean();
        getLog().info("Changed host to " + host + " (manager " + managerVersion + ")"
                + (authenticated ? ", logged in as " + who.path("name").asText() : ", which has no authentication"));
    }

    private String loginWithPassword(String host, String user) throws MojoFailureException {
        String secret = optional("daeploy.password", password);
        if (secret == null) {
            if (!interactive()) {
                throw new MojoFailureException("Give the password with -Ddaeploy.password=... in batch mode (-B)");
            }
            secret = new ConsolePrompt().secret("Password for " + user + " on " + host + ": ");
        }
        try {
            return client(host, null).login(user, secret);
        } catch (ManagerException e) {
            if (e.status() == 401 || e.status() == 429) {
                throw new MojoFailureException("Login to " + host + " failed: " + e.detail());
            }
            throw e;
        }
    }
}
