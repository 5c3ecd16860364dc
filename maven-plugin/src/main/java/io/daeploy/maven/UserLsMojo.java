package io.daeploy.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

import java.util.ArrayList;
import java.util.List;

/** {@code mvn daeploy:user-ls}: the users of the manager (admin only). */
@Mojo(name = "user-ls", requiresProject = false, threadSafe = true)
public class UserLsMojo extends AbstractDaeployMojo {

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        List<String> lines = new ArrayList<>();
        lines.add("USERS");
        lines.addAll(client().users());
        info(lines);
    }
}
