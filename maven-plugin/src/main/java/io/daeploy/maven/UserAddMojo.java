package io.daeploy.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.List;

/** {@code mvn daeploy:user-add -Ddaeploy.username=U -Ddaeploy.password=P}: the admin adds a user. */
@Mojo(name = "user-add", requiresProject = false, threadSafe = true)
public class UserAddMojo extends AbstractDaeployMojo {

    @Parameter(property = "daeploy.username")
    private String username;

    @Parameter(property = "daeploy.password")
    private String password;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        UserArguments user = UserArguments.of(this, username, password, true);
        client().addUser(user.name(), user.password());
        info(List.of("Added user '" + user.name() + "'"));
    }
}
