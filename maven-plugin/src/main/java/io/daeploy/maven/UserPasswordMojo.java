package io.daeploy.maven;

import io.daeploy.common.ManagerClient;
import org.apache.maven.plugins.annotations.Mojo;

/** {@code mvn daeploy:user-password -Ddaeploy.username=U -Ddaeploy.password=P}: the admin changes a user's password. */
@Mojo(name = "user-password", requiresProject = false, threadSafe = true)
public class UserPasswordMojo extends AbstractUserPasswordMojo {

    @Override
    protected String apply(ManagerClient client, UserArguments user) {
        client.changePassword(user.name(), user.password());
        return "Changed password of user '" + user.name() + "'";
    }
}
