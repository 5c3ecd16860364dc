package io.daeploy.maven;

import io.daeploy.common.ApplicationFiles;
import io.daeploy.common.DeployOptions;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManagerException;
import io.daeploy.common.ServiceVersion;
import io.daeploy.common.UploadSummary;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code mvn package daeploy:deploy}: uploads what {@code package} built ({@code target/<finalName>.jar} and
 * {@code target/libs/}) to the manager, only the files whose content it lacks, and waits until the new version is
 * healthy or has failed.
 * With {@code -Ddaeploy.image} it runs an existing image instead, and then needs no project.
 */
@Mojo(name = "deploy", requiresProject = false, threadSafe = true)
public class DeployMojo extends AbstractServiceProjectMojo {

    /** Run an existing image instead of uploading the project (needs a manager on the docker or kubernetes runtime). */
    @Parameter(property = "daeploy.image")
    private String image;

    /** How many instances of the version run (a manager on the kubernetes runtime; elsewhere 1). */
    @Parameter(property = "daeploy.replicas")
    private String replicas;

    /** CPU each instance asks for, as Kubernetes writes it: {@code 250m}, {@code 0.5} (kubernetes runtime). */
    @Parameter(property = "daeploy.cpu")
    private String cpu;

    /** Memory each instance asks for and may use, as Kubernetes writes it: {@code 512Mi} (kubernetes runtime). */
    @Parameter(property = "daeploy.memory")
    private String memory;

    /**
     * Stop the version after it served no request for this long ({@code 10m}, {@code 90s}, {@code 1h}; {@code off}):
     * it shows as idle, and the next request starts it again. Unset: the manager's default ({@code DAEPLOY_IDLE_TIMEOUT}).
     */
    @Parameter(property = "daeploy.idleTimeout")
    private String idleTimeout;

    /**
     * Upload only the files whose content the manager lacks (the application jar, when one class changed); false:
     * the whole application as a zip, every time.
     */
    @Parameter(property = "daeploy.incremental", defaultValue = "true")
    private boolean incremental;

    @Parameter(defaultValue = "${project.artifactId}", readonly = true, required = true)
    private String artifactId;

    /** {@code -Ddaeploy.replicas}, read as the property when it is set on the command line. */
    private Integer replicas() throws MojoFailureException {
        String value = optional("daeploy.replicas", replicas);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new MojoFailureException("-Ddaeploy.replicas must be a whole number, got '" + value + "'");
        }
    }

    @Override
    protected Duration defaultTimeout() {
        return Duration.ofMinutes(10); // the longest silence between two steps: a first image build, a slow health check
    }

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String existingImage = optional("daeploy.image", image);
        boolean inProject = project() != null && project().getFile() != null;
        if (!inProject) {
            requireOutsideProject(existingImage);
        }
        String serviceName = serviceName(artifactId);
        String serviceVersion = inProject ? projectVersion() : optional("daeploy.version", null);
        checkNameAndVersion(serviceName, serviceVersion);
        Map<String, String> environment = environment();
        about(serviceName, serviceVersion);

        DeployOptions options = new DeployOptions(replicas(), optional("daeploy.cpu", cpu), optional("daeploy.memory", memory),
                                                  optional("daeploy.idleTimeout", idleTimeout));
        ManagerClient client = client();
        refuseIfDeployed(client.services(), serviceName, serviceVersion);
        ServiceVersion deployed;
        try {
            if (existingImage != null) {
                getLog().info("Asking " + activeHost() + " to run the image " + existingImage + " as " + serviceName + " "
                        + serviceVersion + ", and waiting for it to become healthy");
                deployed = client.deployImage(serviceName, serviceVersion, environment, existingImage, options, this::step);
            } else if (flag("daeploy.incremental", incremental)) {
                deployed = deployIncrementally(client, serviceName, serviceVersion, environment, options);
            } else {
                deployed = deployWholeArchive(client, serviceName, serviceVersion, environment, options);
            }
        } catch (ManagerException e) {
            if (e.status() == 409) { // the deploy routes' only conflict: deployed meanwhile, by someone else
                throw alreadyDeployed(serviceName, serviceVersion);
            }
            throw e;
        }

        if (deployed.image() != null) {
            getLog().info("Image " + deployed.image());
        }
        info(ServiceTable.format(client.services().stream().filter(s -> s.name().equals(serviceName)).toList()));
        if ("failed".equals(deployed.status())) {
            throw new MojoFailureException(serviceName + " " + serviceVersion + " did not become healthy: "
                    + (deployed.reason() == null ? "(no reason given)" : deployed.reason())
                    + ". Try it locally with " + (existingImage != null ? "docker run " + existingImage
                            : "java -jar " + jar().toAbsolutePath()) + " to see why, then kill this"
                    + " version (mvn daeploy:kill -Ddaeploy.name=" + serviceName + " -Ddaeploy.version="
                    + serviceVersion + " -Ddaeploy.yes) and deploy again");
        }
        getLog().info(deployedAt(activeHost(), deployed));
    }

    /**
     * Sends the files whose content the manager lacks, then asks for the version assembled from its content store. A
     * manager without incremental deploys (an earlier release) gets the whole archive instead.
     */
    private ServiceVersion deployIncrementally(ManagerClient client, String serviceName, String serviceVersion,
                                               Map<String, String> environment, DeployOptions options)
            throws MojoExecutionException, MojoFailureException {
        Path jar = requireJar();
        Path libs = libs();
        ApplicationFiles files;
        try {
            files = ApplicationFiles.of(DeployArchive.files(jar, libs));
        } catch (IOException e) {
            throw failure("Cannot read " + jar + " or " + libs + ": " + e, e);
        }
        getLog().info("Sending " + serviceName + " " + serviceVersion + " to " + activeHost() + ": the files of "
                + jar.getFileName() + (files.entries().size() > 1 ? " and " + libs.getFileName() + "/" : "")
                + " whose content it lacks (" + files.entries().size() + " files, " + ByteSize.format(files.totalBytes())
                + " in all)");
        UploadSummary sent;
        try {
            sent = client.uploadMissing(files);
        } catch (ManagerException e) {
            if (e.status() != 404) {
                throw e;
            }
            getLog().info("The manager at " + activeHost() + " takes no incremental upload (an earlier release): uploading"
                    + " the whole application instead");
            return deployWholeArchive(client, serviceName, serviceVersion, environment, options);
        }
        getLog().info(uploaded(sent));
        warnIfNoLibraries(files.entries().size() - 1, libs);
        return client.deployManifest(serviceName, serviceVersion, environment, files.entries(), options, this::step);
    }

    /** What an incremental upload sent: {@code Uploaded 14.2 KB of 9.6 MB: 1 of 24 files changed}. */
    static String uploaded(UploadSummary sent) {
        return "Uploaded " + ByteSize.format(sent.uploadedBytes()) + " of " + ByteSize.format(sent.totalBytes()) + ": "
                + sent.changedFiles() + " of " + sent.files() + (sent.files() == 1 ? " file" : " files") + " changed";
    }

    /** The whole application as one zip, as every deploy was sent before incremental deploys. */
    private ServiceVersion deployWholeArchive(ManagerClient client, String serviceName, String serviceVersion,
                                              Map<String, String> environment, DeployOptions options)
            throws MojoExecutionException, MojoFailureException {
        Path archive = packageApplication(serviceName, serviceVersion);
        getLog().info("Uploading " + ByteSize.format(size(archive)) + " to " + activeHost() + " as "
                + serviceName + " " + serviceVersion);
        return client.deploy(serviceName, serviceVersion, environment, archive, options, this::step);
    }

    /** Where the new version answers: by name when it is the main, else only by name and version. */
    static String deployedAt(String host, ServiceVersion deployed) {
        String byVersion = host + "/services/" + deployed.qualifiedName() + "/";
        if (deployed.main()) {
            return "Deployed " + deployed.name() + " " + deployed.version() + ": " + host + "/services/" + deployed.name()
                    + "/ (and " + byVersion + ")";
        }
        return "Deployed " + deployed.name() + " " + deployed.version() + " as a shadow: " + byVersion + " (" + host
                + "/services/" + deployed.name() + "/ is answered by the main version, and this one gets a copy)";
    }

    /** Outside a project there is nothing to upload and no artifactId or version to go by. */
    private void requireOutsideProject(String existingImage) throws MojoFailureException {
        if (existingImage == null) {
            throw new MojoFailureException("There is no project here (no pom.xml): daeploy:deploy uploads what mvn package"
                    + " built, so run it in the service's project; or run an existing image with -Ddaeploy.image=IMAGE"
                    + " -Ddaeploy.name=NAME -Ddaeploy.version=VERSION");
        }
        if (!nameGiven() || optional("daeploy.version", null) == null) {
            throw new MojoFailureException("Outside a project, name the version the image runs as: -Ddaeploy.image="
                    + existingImage + " -Ddaeploy.name=NAME -Ddaeploy.version=VERSION");
        }
    }

    /** A step the manager reports while it stores, builds and starts the version. */
    private void step(String message) {
        getLog().info("  " + message);
    }

    /** Asking first is cheap and spares an upload the manager would refuse (it still checks, too). */
    private void refuseIfDeployed(List<ServiceVersion> services, String serviceName, String serviceVersion)
            throws MojoFailureException {
        if (services.stream().anyMatch(s -> s.name().equals(serviceName) && s.version().equals(serviceVersion))) {
            throw alreadyDeployed(serviceName, serviceVersion);
        }
    }

    private MojoFailureException alreadyDeployed(String serviceName, String serviceVersion) {
        return new MojoFailureException(ManagerErrors.alreadyDeployed(
                activeHost(), new ManagerErrors.Subject(serviceName, serviceVersion)));
    }

    private Path packageApplication(String serviceName, String serviceVersion)
            throws MojoExecutionException, MojoFailureException {
        Path jar = requireJar();
        Path libs = libs();
        Path archive = buildDirectory().toPath().resolve("daeploy").resolve(serviceName + "-" + serviceVersion + ".zip");
        getLog().info("Packaging " + jar.getFileName() + (Files.isDirectory(libs) ? " and " + libs.getFileName() + "/" : "")
                + " into " + archive);
        try {
            warnIfNoLibraries(DeployArchive.write(jar, libs, archive), libs);
            return archive;
        } catch (IOException e) {
            throw failure("Cannot write " + archive + ": " + e, e);
        }
    }

    private void warnIfNoLibraries(int libraries, Path libs) {
        if (libraries == 0) {
            getLog().warn("No libraries in " + libs + ": the jar must run on its own (copy dependencies to"
                    + " target/libs at package time, as the daeploy archetype does)");
        }
    }

    private Path requireJar() throws MojoFailureException {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new MojoFailureException("No application jar at " + jar + ": run mvn package daeploy:deploy"
                    + " (deploy uploads what package builds)");
        }
        return jar;
    }

    private Path jar() {
        return buildDirectory().toPath().resolve(finalName() + ".jar");
    }

    private Path libs() {
        return buildDirectory().toPath().resolve("libs");
    }

    private long size(Path file) throws MojoExecutionException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw failure("Cannot read " + file + ": " + e, e);
        }
    }
}
