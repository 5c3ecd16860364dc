package io.daeploy.maven;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.ManagerException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn daeploy:login -Ddaeploy.host=URL [-Ddaeploy.username=U -Ddaeploy.password=P | -Ddaeploy.token=T]}:
 * logs in to a manager, adds it to the known hosts and makes it the active host for the following goals. Without
 * credentials it checks the token stored for the host (or, on a manager without authentication, just that it answers).
 * Without a host, at a terminal it offers the known hosts by number; in batch mode it takes the active host.
 */
@Mojo(name = "login", requiresProject = false, threadSafe = true)
public class LoginMojo extends AbstractDaeployMojo {

    /** An access token (from mvn daeploy:token) to use instead of a user name and password. */
    @Parameter(property = "daeploy.token")
    private String token;

    /** User name on the manager; asked for at a terminal when the manager needs a login and none is given. */
    @Parameter(property = "daeploy.username")
    private String username;

    /** Password; asked for on the console when left out in an interactive run. */
    @Parameter(property = "daeploy.password")
    private String password;

    private ConsolePrompt prompt;

    /** At a terminal and without {@code -Ddaeploy.host}, the user picks; in batch mode nobody could, so no question. */
    @Override
    protected String chooseHost(String hostSetting) {
        if (hostSetting != null || !atTerminal()) {
            return super.chooseHost(hostSetting);
        }
        return new HostChoice(state()).ask(prompt());
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String host = activeHost();
        // before any password is typed or anything saved: is there a manager at all?
        String managerVersion = checkAnswers(host);
        String givenToken = optional("daeploy.token", token);
        String user = optional("daeploy.username", username);
        String tokenToUse = givenToken != null ? givenToken
                : user != null ? loginWithPassword(host, user)
                : state().tokenFor(host);
        JsonNode who = whoIs(host, tokenToUse);
        if (who == null && givenToken != null) {
            throw new MojoFailureException("The manager at " + host + " does not accept that token");
        }
        if (who == null && user == null && atTerminal()) {
            // as the original: no (valid) credentials at hand, so ask for them
            String asked = prompt().line("User name on " + host + ": ");
            if (!asked.isEmpty()) {
                tokenToUse = loginWithPassword(host, asked);
                who = whoIs(host, tokenToUse);
            }
        }
        if (who == null) {
            throw new MojoFailureException("The manager at " + host + " needs a login: mvn daeploy:login -Ddaeploy.host="
                    + host + " -Ddaeploy.username=<user> (or -Ddaeploy.token=<token>)");
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

    /** The manager's version ({@code GET /~version} needs no login); a clear failure when nothing answers there. */
    private String checkAnswers(String host) throws MojoFailureException {
        try {
            return client(host, null).managerVersion();
        } catch (ManagerException e) {
            if (e.unreachable()) {
                throw new MojoFailureException("Cannot log in to " + host + ": " + ManagerErrors.whyUnanswered(e)
                        + ". Nothing was recorded; check the URL (-Ddaeploy.host=URL) and that the manager runs there");
            }
            if (e.status() == 404) {
                throw new MojoFailureException("Cannot log in to " + host + ": something answers there, but no Daeploy"
                        + " manager (404 to GET /~version). Nothing was recorded; check the URL (-Ddaeploy.host=URL)");
            }
            throw e;
        }
    }

    /** Who the manager says the token belongs to ({@code GET /auth/verify}), or null when it refuses the token. */
    private JsonNode whoIs(String host, String tokenToUse) {
        try {
            return client(host, tokenToUse).verify();
        } catch (ManagerException e) {
            if (e.status() == 401) {
                return null;
            }
            throw e;
        }
    }

    private String loginWithPassword(String host, String user) throws MojoFailureException {
        String secret = optional("daeploy.password", password);
        if (secret == null) {
            if (!interactive()) {
                throw new MojoFailureException("Give the password with -Ddaeploy.password=... in batch mode (-B)");
            }
            secret = prompt().secret("Password for " + user + " on " + host + ": ");
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

    private ConsolePrompt prompt() {
        if (prompt == null) {
            prompt = new ConsolePrompt();
        }
        return prompt;
    }
}
