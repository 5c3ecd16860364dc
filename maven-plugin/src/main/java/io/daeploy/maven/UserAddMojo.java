package io.daeploy.maven;

import io.daeploy.common.ManagerClient;
import org.apache.maven.plugins.annotations.Mojo;

/** {@code mvn daeploy:user-add -Ddaeploy.username=U -Ddaeploy.password=P}: the admin adds a user. */
@Mojo(name = "user-add", requiresProject = false, threadSafe = true)
public class UserAddMojo extends AbstractUserPasswordMojo {

    @Override
    protected String apply(ManagerClient client, UserArguments user) {
        client.addUser(user.name(), user.password());
        return "Added user '" + user.name() + "'";
    }
}
