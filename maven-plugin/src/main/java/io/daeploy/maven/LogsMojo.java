package io.daeploy.maven;

import io.daeploy.common.LogOptions;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;


/**
 * {@code mvn daeploy:logs -Ddaeploy.name=hello [-Ddaeploy.version=1.0.0] [-Ddaeploy.tail=50|all]
 * [-Ddaeploy.follow] [-Ddaeploy.since=2026-11-27T10:00:00]}: a service version's output (the
 * main's without a version), printed as it comes.
 */
@Mojo(name = "logs", requiresProject = false, threadSafe = true)
public class LogsMojo extends AbstractDaeployMojo {

    /** Service name. */
    @Parameter(property = "daeploy.name")
    private String name;

    /** Version; the main version when left out. */
    @Parameter(property = "daeploy.version")
    private String version;

    /** Last lines to show: a number or all. */
    @Parameter(property = "daeploy.tail", defaultValue = "50")
    private String tail;

    /** Keep printing new lines until the service stops (Ctrl-C to leave). */
    @Parameter(property = "daeploy.follow", defaultValue = "false")
    private boolean follow;

    /** Only lines from this time on: an ISO date or date-time (UTC unless it says otherwise). */
    @Parameter(property = "daeploy.since")
    private String since;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String service = optional("daeploy.name", name);
        if (service == null) {
            throw new MojoFailureException("Say whose logs: mvn daeploy:logs -Ddaeploy.name=<name> [-Ddaeploy.version=<version>]");
        }
        String lines = setting("daeploy.tail", tail);
        if (lines == null || lines.isBlank()) {
            lines = "50";
        }
        requireTail(lines);
        String from = optional("daeploy.since", since);
        if (from != null) {
            requireSince(from);
        }
        client().logs(service, optional("daeploy.version", version), lines, flag("daeploy.follow", follow), from,
                      line -> getLog().info(line));
    }

    static void requireTail(String tail) throws MojoFailureException {
        try {
            LogOptions.parseTail(tail);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("-Ddaeploy." + e.getMessage());
        }
    }

    static void requireSince(String since) throws MojoFailureException {
        try {
            LogOptions.parseSince(since);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("-Ddaeploy." + e.getMessage());
        }
    }
}
