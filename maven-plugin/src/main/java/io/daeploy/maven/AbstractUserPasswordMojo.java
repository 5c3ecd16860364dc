package io.daeploy.maven;

import io.daeploy.common.ManagerClient;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.List;

/** The goals by which the admin sets a user's password: {@code user-add} and {@code user-password}. */
public abstract class AbstractUserPasswordMojo extends AbstractDaeployMojo {

    /** The user. */
    @Parameter(property = "daeploy.username")
    private String username;

    /** The password; asked on the console when not given (not in batch mode). */
    @Parameter(property = "daeploy.password")
    private String password;

    @Override
    protected final void run() throws MojoExecutionException, MojoFailureException {
        UserArguments user = UserArguments.of(this, username, password, true);
        info(List.of(apply(client(), user)));
    }

    /** Sends the change and answers what to tell the user. */
    protected abstract String apply(ManagerClient client, UserArguments user);
}
