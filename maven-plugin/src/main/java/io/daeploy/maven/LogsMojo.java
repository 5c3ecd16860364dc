package io.daeploy.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

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
        if (tail.equalsIgnoreCase("all")) {
            return;
        }
        try {
            if (Integer.parseInt(tail.trim()) >= 0) {
                return;
            }
        } catch (NumberFormatException ignored) {
            // the message below
        }
        throw new MojoFailureException("-Ddaeploy.tail must be a whole number of lines (e.g. 50) or all; got '" + tail + "'");
    }

    static void requireSince(String since) throws MojoFailureException {
        String s = since.trim().replace(' ', 'T');
        try {
            if (s.length() == 10) {
                LocalDate.parse(s);
            } else if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
                OffsetDateTime.parse(s);
            } else {
                LocalDateTime.parse(s);
            }
        } catch (DateTimeParseException e) {
            throw new MojoFailureException("-Ddaeploy.since must be an ISO date or date-time: 2026-11-27,"
                    + " 2026-11-27T10:15:00 or 2026-11-27T10:15:00Z; got '" + since + "'");
        }
    }
}
