package io.daeploy.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.List;

/** {@code mvn daeploy:user-rm -Ddaeploy.username=U [-Ddaeploy.yes]}: the admin removes a user and their tokens. */
@Mojo(name = "user-rm", requiresProject = false, threadSafe = true)
public class UserRmMojo extends AbstractDaeployMojo {

    @Parameter(property = "daeploy.username")
    private String username;

    @Parameter(property = "daeploy.yes", defaultValue = "false")
    private boolean yes;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String name = UserArguments.of(this, username, null, false).name();
        if (!flag("daeploy.yes", yes)) {
            if (!interactive()) {
                throw new MojoFailureException("Not removing a user without confirmation in batch mode (-B): add -Ddaeploy.yes");
            }
            if (!new ConsolePrompt().confirm("Are you sure you want to remove user '" + name + "'?")) {
                info(List.of("User '" + name + "' not removed"));
                return;
            }
        }
        client().removeUser(name);
        info(List.of("User '" + name + "' removed"));
    }
}
