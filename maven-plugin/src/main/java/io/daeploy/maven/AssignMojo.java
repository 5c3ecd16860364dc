package io.daeploy.maven;

import io.daeploy.common.ServiceVersion;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

import java.util.List;

/**
 * {@code mvn daeploy:assign -Ddaeploy.name=hello -Ddaeploy.version=1.1.0}: makes that version the
 * main, the one that answers {@code /services/hello/...}; the others become its shadows.
 */
@Mojo(name = "assign", requiresProject = false, threadSafe = true)
public class AssignMojo extends AbstractDaeployMojo {

    private static final String QUESTION = "Make this version the main one?";

    /** Service name. */
    @Parameter(property = "daeploy.name")
    private String name;

    /** The version that becomes main. */
    @Parameter(property = "daeploy.version")
    private String version;

    /** Do not ask for confirmation (required in batch mode). */
    @Parameter(property = "daeploy.yes", defaultValue = "false")
    private boolean yes;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String service = optional("daeploy.name", name);
        String target = optional("daeploy.version", version);
        if (service == null || target == null) {
            throw new MojoFailureException("Say which version becomes main: mvn daeploy:assign -Ddaeploy.name=<name>"
                    + " -Ddaeploy.version=<version> -Ddaeploy.yes");
        }
        info(List.of("Change " + service + " " + target + " to main."));
        if (!flag("daeploy.yes", yes)) {
            if (!interactive()) {
                throw new MojoFailureException("Not assigning without confirmation in batch mode (-B): add -Ddaeploy.yes");
            }
            if (!new ConsolePrompt().confirm(QUESTION)) {
                info(List.of("Assign cancelled."));
                return;
            }
        }
        List<ServiceVersion> versions = client().assign(service, target);
        info(List.of("Changed main version to " + service + " " + target));
        info(ServiceTable.format(versions));
    }
}
