package io.daeploy.maven;

import io.daeploy.common.ServiceVersion;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.List;

/**
 * {@code mvn daeploy:scale -Ddaeploy.name=hello -Ddaeploy.version=1.0.0 -Ddaeploy.replicas=3}: how many instances of
 * a version run (a manager on the kubernetes runtime).
 */
@Mojo(name = "scale", requiresProject = false, threadSafe = true)
public class ScaleMojo extends AbstractDaeployMojo {

    /** Service name. */
    @Parameter(property = "daeploy.name")
    private String name;

    /** The version to scale. */
    @Parameter(property = "daeploy.version")
    private String version;

    /** How many instances should run. */
    @Parameter(property = "daeploy.replicas")
    private String replicas;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String service = optional("daeploy.name", name);
        String target = optional("daeploy.version", version);
        String count = optional("daeploy.replicas", replicas);
        if (service == null || target == null || count == null) {
            throw new MojoFailureException("Say which version and how many instances: mvn daeploy:scale -Ddaeploy.name=<name>"
                    + " -Ddaeploy.version=<version> -Ddaeploy.replicas=<count>");
        }
        int wanted;
        try {
            wanted = Integer.parseInt(count);
        } catch (NumberFormatException e) {
            throw new MojoFailureException("-Ddaeploy.replicas must be a whole number, got '" + count + "'");
        }
        ServiceVersion scaled = client().scale(service, target, wanted);
        info(List.of("Scaled " + service + " " + target + " to " + scaled.replicas() + " instances ("
                + scaled.readyReplicas() + " ready now; mvn daeploy:ls shows them as they start)"));
    }
}
