package io.daeploy.maven;

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
public class DevMojo extends AbstractServiceProjectMojo {

    /** Run the working copy as a shadow of the main version of the name, as {@code <version>-dev}; killed at Ctrl-C. */
    @Parameter(property = "daeploy.shadow", defaultValue = "false")
    private boolean shadow;

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
        String serviceName = serviceName(project().getArtifactId());
        String projectVersion = Optional.ofNullable(projectVersion()).orElse(project().getVersion());
        String serviceVersion = asShadow ? projectVersion + "-dev" : projectVersion;
        checkNameAndVersion(serviceName, serviceVersion);
        about(serviceName, serviceVersion);
        Map<String, String> environment = environment();

        Path baseDir = project().getBasedir().toPath().toAbsolutePath();
        ProjectLayout layout = ProjectLayout.standard(baseDir, buildDirectory().toPath().toAbsolutePath(), finalName());
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
        String release = project().getProperties().getProperty("maven.compiler.release");
        String encoding = project().getProperties().getProperty("project.build.sourceEncoding");
        try {
            return new IncrementalCompiler(layout, project().getCompileClasspathElements(), release,
                                           encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding));
        } catch (DependencyResolutionRequiredException e) {
            throw failure("The compile class path of " + project().getArtifactId() + " is not resolved: " + e.getMessage(), e);
        }
    }

    private FullBuild fullBuild(Path baseDir) {
        String mavenHome = System.getProperty("maven.home");
        return new FullBuild(baseDir, mavenHome == null ? null : Path.of(mavenHome),
                             localRepository == null ? null : Path.of(localRepository), offline);
    }
}
