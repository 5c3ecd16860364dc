package io.daeploy.maven;

import io.daeploy.common.ServiceVersion;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.List;

/**
 * {@code mvn daeploy:weights -Ddaeploy.name=hello -Ddaeploy.version=1.1.0 -Ddaeploy.weight=25}: that version, a canary,
 * answers 25 % of the requests to {@code /services/hello/...} and the main the rest; 0 ends it.
 */
@Mojo(name = "weights", requiresProject = false, threadSafe = true)
public class WeightsMojo extends AbstractDaeployMojo {

    /** Service name. */
    @Parameter(property = "daeploy.name")
    private String name;

    /** The version that answers a share of the requests: any running version but the main. */
    @Parameter(property = "daeploy.version")
    private String version;

    /** Its share of the requests, in percent (0 to 100). */
    @Parameter(property = "daeploy.weight")
    private String weight;

    /** A client keeps the version it got (a cookie) until the share changes. */
    @Parameter(property = "daeploy.sticky", defaultValue = "false")
    private boolean sticky;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String service = optional("daeploy.name", name);
        String target = optional("daeploy.version", version);
        String share = optional("daeploy.weight", weight);
        if (service == null || target == null || share == null) {
            throw new MojoFailureException("Say which version answers which share: mvn daeploy:weights -Ddaeploy.name=<name>"
                    + " -Ddaeploy.version=<version> -Ddaeploy.weight=<0 to 100> [-Ddaeploy.sticky]");
        }
        int percent;
        try {
            percent = Integer.parseInt(share.trim());
        } catch (NumberFormatException e) {
            throw new MojoFailureException("-Ddaeploy.weight must be a whole number from 0 to 100, got '" + share + "'");
        }
        List<ServiceVersion> versions = client().weights(service, target, percent, flag("daeploy.sticky", sticky));
        info(List.of(percent == 0 ? service + " " + target + " answers no share of the requests to " + service
                : service + " " + target + " answers " + percent + " % of the requests to " + service));
        info(ServiceTable.format(versions));
    }
}
