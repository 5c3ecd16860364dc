package io.daeploy.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn daeploy:notifications}: what the services and the manager raised, newest first;
 * {@code -Ddaeploy.clear} removes them all instead.
 */
@Mojo(name = "notifications", requiresProject = false, threadSafe = true)
public class NotificationsMojo extends AbstractDaeployMojo {

    /** Remove every notification instead of listing them (no confirmation: they are only messages). */
    @Parameter(property = "daeploy.clear", defaultValue = "false")
    private boolean clear;

    @Override
    protected void run() {
        if (flag("daeploy.clear", clear)) {
            getLog().info("Cleared " + client().clearNotifications() + " notification(s).");
            return;
        }
        info(NotificationTable.format(client().notifications()));
    }
}
