package io.daeploy.maven;

import org.apache.maven.plugins.annotations.Mojo;

/**
 * {@code mvn daeploy:hosts}: the managers this client knows, from its state file, with the active one marked and
 * whether a token is kept for each (never the token). It talks to no manager, so it prints no {@code Active host:}.
 */
@Mojo(name = "hosts", requiresProject = false, threadSafe = true)
public class HostsMojo extends AbstractClientMojo {

    @Override
    protected void goal() {
        info(HostsTable.format(state(), stateFile().path()));
    }
}
