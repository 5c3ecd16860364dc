package io.daeploy.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn daeploy:rollout-status -Ddaeploy.name=hello}: where the latest rollout of a name is (phase, step, weight,
 * the figures of its window against their thresholds, its history); with {@code -Ddaeploy.action=pause|resume|abort}
 * it does that first.
 */
@Mojo(name = "rollout-status", requiresProject = false, threadSafe = true)
public class RolloutStatusMojo extends AbstractDaeployMojo {

    /** Service name. */
    @Parameter(property = "daeploy.name")
    private String name;

    /** pause, resume or abort the rollout before showing it. */
    @Parameter(property = "daeploy.action")
    private String action;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String service = optional("daeploy.name", name);
        if (service == null) {
            throw new MojoFailureException("Say which rollout: mvn daeploy:rollout-status -Ddaeploy.name=<name>"
                    + " [-Ddaeploy.action=pause|resume|abort]");
        }
        String act = optional("daeploy.action", action);
        info(RolloutReport.format(act == null ? client().rolloutStatus(service) : client().rolloutAction(service, act)));
    }
}
