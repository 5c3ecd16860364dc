package io.daeploy.maven;

import io.daeploy.common.ManagerClient;
import io.daeploy.common.ServiceVersion;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.List;

/**
 * {@code mvn daeploy:kill -Ddaeploy.name=NAME [-Ddaeploy.version=V]} (or {@code -Ddaeploy.all}): stops and removes
 * service versions after showing them and asking; in batch mode only with {@code -Ddaeploy.yes}.
 */
@Mojo(name = "kill", requiresProject = false, threadSafe = true)
public class KillMojo extends AbstractDaeployMojo {

    static final String QUESTION = "Are you sure you want to kill the above service(s)?";

    /** The service to kill; required unless {@code daeploy.all}. */
    @Parameter(property = "daeploy.name")
    private String name;

    /** One version to kill; without it, every version of the name. */
    @Parameter(property = "daeploy.version")
    private String version;

    /** Kill every service on the host. */
    @Parameter(property = "daeploy.all", defaultValue = "false")
    private boolean all;

    /** Do not ask for confirmation (required in batch mode). */
    @Parameter(property = "daeploy.yes", defaultValue = "false")
    private boolean yes;

    /** Keep the container images the manager built for the killed versions (container runtimes; removed by default). */
    @Parameter(property = "daeploy.keepImage", defaultValue = "false")
    private boolean keepImage;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        boolean killAll = flag("daeploy.all", all);
        String killName = optional("daeploy.name", name);
        String killVersion = optional("daeploy.version", version);
        checkSelection(killAll, killName, killVersion);
        about(killName, killVersion);

        ManagerClient client = client();
        List<ServiceVersion> victims = KillPlan.select(client.services(), killAll, killName, killVersion);
        if (victims.isEmpty()) {
            throw new MojoFailureException(killAll ? "No service is deployed on " + activeHost()
                    : "No service matches name=" + killName + " version=" + (killVersion == null ? "(any)" : killVersion));
        }
        info(ServiceTable.format(victims));
        if (!confirmed()) {
            getLog().info("Nothing killed.");
            return;
        }

        for (ServiceVersion victim : victims) {
            for (ServiceVersion killed : client.kill(victim.name(), victim.version(), flag("daeploy.keepImage", keepImage))) {
                getLog().info("Service " + killed.name() + " " + killed.version() + " killed.");
            }
        }
    }

    private void checkSelection(boolean killAll, String killName, String killVersion) throws MojoFailureException {
        if (killAll && (killName != null || killVersion != null)) {
            throw new MojoFailureException("Use either -Ddaeploy.all (every service) or -Ddaeploy.name=NAME"
                    + " [-Ddaeploy.version=VERSION], not both");
        }
        if (!killAll && killName == null) {
            throw new MojoFailureException("Which service? Pass -Ddaeploy.name=NAME (and -Ddaeploy.version=VERSION"
                    + " for one version), or -Ddaeploy.all to kill every service");
        }
    }

    private boolean confirmed() throws MojoFailureException {
        if (flag("daeploy.yes", yes)) {
            return true;
        }
        if (!interactive()) {
            throw new MojoFailureException("Not killing without confirmation in batch mode (-B): add -Ddaeploy.yes"
                    + " to kill the service(s) listed above");
        }
        return new ConsolePrompt().confirm(QUESTION);
    }
}
