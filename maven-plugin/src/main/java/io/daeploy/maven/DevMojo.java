package io.daeploy.maven;

import io.daeploy.common.ServiceNames;
import io.daeploy.maven.dev.DevSession;
import io.daeploy.maven.dev.FullBuild;
import io.daeploy.maven.dev.GatewayCheck;
import io.daeploy.maven.dev.IncrementalCompiler;
import io.daeploy.maven.dev.ProjectLayout;
import io.daeploy.maven.dev.StopSignal;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code mvn daeploy:dev}: packages and deploys the project as {@code deploy} does (or reloads that name and version
 * when it runs already), follows its log, and at every save of {@code src/main/java}, {@code src/main/resources} or
 * {@code pom.xml} compiles what changed, uploads what the manager lacks and replaces the running code in place. With
 * {@code -Ddaeploy.shadow} the working copy runs as a shadow of the main, as version {@code <version>-dev}, and each
 * reload says how it answered the main's traffic since the previous one. Ctrl-C stops it.
 */
@Mojo(name = "dev", requiresProject = true, requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
@Execute(phase = LifecyclePhase.PACKAGE)
public class DevMojo extends AbstractDaeployMojo {

    /** Service name; default: the artifactId with {@code -} turned into {@code _}. */
    @Parameter(property = "daeploy.name")
    private String name;

    /** Service version; default: the project version ({@code <version>-dev} with {@code daeploy.shadow}). */
    @Parameter(property = "daeploy.version", defaultValue = "${project.version}")
    private String version;

    /** Environment of the service at its first deploy: {@code KEY=VALUE} pairs separated by commas. */
    @Parameter(property = "daeploy.env")
    private String env;

    /** Run the working copy as a shadow of the main version of the name, as {@code <version>-dev}; killed at Ctrl-C. */
    @Parameter(property = "daeploy.shadow", defaultValue = "false")
    private boolean shadow;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    private File buildDirectory;

    @Parameter(defaultValue = "${project.build.finalName}", readonly = true, required = true)
    private String finalName;

    @Parameter(defaultValue = "${settings.localRepository}", readonly = true)
    private String localRepository;

    @Parameter(defaultValue = "${settings.offline}", readonly = true)
    private boolean offline;

    @Override
    protected java.time.Duration defaultTimeout() {
        return java.time.Duration.ofMinutes(10); // as deploy: the longest silence while a version starts
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        boolean asShadow = flag("daeploy.shadow", shadow);
        String serviceName = Optional.ofNullable(optional("daeploy.name", name))
                .orElseGet(() -> ServiceNames.fromArtifactId(project.getArtifactId()));
        String projectVersion = Optional.ofNullable(optional("daeploy.version", version)).orElse(project.getVersion());
        String serviceVersion = asShadow ? projectVersion + "-dev" : projectVersion;
        checkNameAndVersion(serviceName, serviceVersion);
        about(serviceName, serviceVersion);
        Map<String, String> environment;
        try {
            environment = EnvProperty.parse(setting("daeploy.env", env));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage());
        }

        Path baseDir = project.getBasedir().toPath().toAbsolutePath();
        ProjectLayout layout = ProjectLayout.standard(baseDir, buildDirectory.toPath().toAbsolutePath(), finalName);
        if (!Files.isRegularFile(layout.jar())) {
            throw new MojoFailureException("No application jar at " + layout.jar() + " after package: daeploy:dev deploys"
                    + " what package builds (target/<finalName>.jar and target/libs/), as the daeploy archetype's pom does");
        }
        DevSession.Settings settings = new DevSession.Settings(activeHost(), serviceName, serviceVersion, asShadow, environment);
        try (StopSignal stop = new StopSignal(Thread.currentThread())) {
            new DevSession(settings, client(), layout, compiler(layout), fullBuild(baseDir),
                           new GatewayCheck(activeHost(), serviceName, serviceVersion, state().tokenFor(activeHost())),
                           getLog(), stop).run();
        } catch (DevSession.SessionFailure e) {
            throw new MojoFailureException(e.getMessage());
        } catch (IOException e) {
            throw failure("daeploy:dev stopped: " + e, e);
        }
    }

    private IncrementalCompiler compiler(ProjectLayout layout) throws MojoExecutionException {
        String release = project.getProperties().getProperty("maven.compiler.release");
        String encoding = project.getProperties().getProperty("project.build.sourceEncoding");
        try {
            return new IncrementalCompiler(layout, project.getCompileClasspathElements(), release,
                                           encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding));
        } catch (DependencyResolutionRequiredException e) {
            throw failure("The compile class path of " + project.getArtifactId() + " is not resolved: " + e.getMessage(), e);
        }
    }

    private FullBuild fullBuild(Path baseDir) {
        String mavenHome = System.getProperty("maven.home");
        return new FullBuild(baseDir, mavenHome == null ? null : Path.of(mavenHome),
                             localRepository == null ? null : Path.of(localRepository), offline);
    }

    private static void checkNameAndVersion(String serviceName, String serviceVersion) throws MojoFailureException {
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
