package io.daeploy.maven;

import io.daeploy.common.ServiceNames;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.util.Map;
import java.util.Optional;

/** A goal that sends a service project's build to the manager ({@code deploy}, {@code dev}): its name, version and environment. */
abstract class AbstractServiceProjectMojo extends AbstractDaeployMojo {

    /** Service name; default: the artifactId with {@code -} turned into {@code _}. */
    @Parameter(property = "daeploy.name")
    private String name;

    /** Service version; default: the project version. */
    @Parameter(property = "daeploy.version", defaultValue = "${project.version}")
    private String version;

    /** Environment of the service: {@code KEY=VALUE} pairs separated by commas. */
    @Parameter(property = "daeploy.env")
    private String env;

    /** The project; without a pom, Maven's stand-in, which has no file. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    private File buildDirectory;

    @Parameter(defaultValue = "${project.build.finalName}", readonly = true, required = true)
    private String finalName;

    protected final MavenProject project() {
        return project;
    }

    protected final File buildDirectory() {
        return buildDirectory;
    }

    protected final String finalName() {
        return finalName;
    }

    /** {@code -Ddaeploy.name}, else the name made from the artifactId. */
    protected final String serviceName(String artifactId) {
        return Optional.ofNullable(optional("daeploy.name", name)).orElseGet(() -> ServiceNames.fromArtifactId(artifactId));
    }

    /** Whether {@code -Ddaeploy.name} or the POM named the service. */
    protected final boolean nameGiven() {
        return optional("daeploy.name", name) != null;
    }

    /** {@code -Ddaeploy.version}, else the project's version (null outside a project). */
    protected final String projectVersion() {
        return optional("daeploy.version", version);
    }

    /** {@code -Ddaeploy.env} as pairs. */
    protected final Map<String, String> environment() throws MojoFailureException {
        try {
            return EnvProperty.parse(setting("daeploy.env", env));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage());
        }
    }

    protected static void checkNameAndVersion(String serviceName, String serviceVersion) throws MojoFailureException {
        Optional<String> nameProblem = ServiceNames.nameProblem(serviceName);
        if (nameProblem.isPresent()) {
            throw new MojoFailureException("Service " + nameProblem.get()
                    + ". Choose a valid one with -Ddaeploy.name=... (e.g. -Ddaeploy.name=hello)");
        }
        Optional<String> versionProblem = ServiceNames.versionProblem(serviceVersion);
        if (versionProblem.isPresent()) {
            throw new MojoFailureException("Service " + versionProblem.get()
                    + ". Choose a valid one with -Ddaeploy.version=... (e.g. -Ddaeploy.version=1.0.0)");
        }
    }
}
