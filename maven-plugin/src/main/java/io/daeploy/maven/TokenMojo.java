package io.daeploy.maven;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.List;

/**
 * {@code mvn daeploy:token [-Ddaeploy.days=N]}: a new API token of the logged-in user, for scripts
 * and other programs; without days it never expires (it can always be revoked).
 */
@Mojo(name = "token", requiresProject = false, threadSafe = true)
public class TokenMojo extends AbstractDaeployMojo {

    /** Days the token is valid; left out: no expiry. */
    @Parameter(property = "daeploy.days")
    private String days;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String d = optional("daeploy.days", days);
        Integer lifetime = null;
        if (d != null) {
            try {
                lifetime = Integer.parseInt(d.trim());
            } catch (NumberFormatException e) {
                lifetime = -1;
            }
            if (lifetime < 1) {
                throw new MojoFailureException("-Ddaeploy.days must be a whole number of days ≥ 1; got '" + d + "'");
            }
        }
        JsonNode token = client().createToken(lifetime);
        info(List.of("Use the token in the header \"Authorization: Bearer <token>\" (id " + token.path("id").asText()
                + (token.has("expiresAt") ? ", expires " + token.path("expiresAt").asText() : ", never expires") + "):",
                token.path("token").asText()));
    }
}
