package io.daeploy.manager.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.github.dockerjava.api.DockerClient;
import io.daeploy.manager.config.ManagerSettings.ContainerSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds an uploaded application into an OCI image with jib-core: no Dockerfile, no Docker build.
 * Layers are the application's dependencies, resources and jar (see {@link ApplicationLayers}); the
 * entrypoint is fixed and file times are Jib's constant, so the same upload always gives the same image.
 * The result goes into the local Docker daemon, or to {@code DAEPLOY_REGISTRY} when one is set.
 */
public final class ImageBuilder {

    /** The port services listen on inside their container. */
    public static final int SERVICE_PORT = 8000;
    private static final Logger LOG = Logger.getLogger(ImageBuilder.class.getName());

    private final BaseImage base;
    private final Optional<String> registry;
    private final boolean insecure;
    private final List<String> javaOptions;
    private final Path cacheDir;
    private final ContentStore files;
    private final DockerClient docker;
    private final DockerJibClient daemon;

    /**
     * @param docker the local Docker daemon, or null where there is none (images then must go to a registry)
     */
    public ImageBuilder(ContainerSettings settings, Path dataDir, List<String> javaOptions, DockerClient docker) {
        this.base = new BaseImage(settings.baseImage());
        this.registry = settings.registry();
        this.insecure = settings.registryInsecure();
        this.javaOptions = List.copyOf(javaOptions);
        this.cacheDir = dataDir.resolve("jib-cache");
        this.files = new ContentStore(cacheDir.resolve("files"));
        this.docker = docker;
        this.daemon = docker == null ? null : new DockerJibClient(docker);
    }

    /** Whether images go to {@code DAEPLOY_REGISTRY} rather than into the local Docker daemon. */
    public boolean pushesToRegistry() {
        return registry.isPresent();
    }

    /** The reference a version's image gets. */
    public String imageName(String name, String version) {
        return ImageNames.of(name, version, registry);
    }

    /** Builds {@code appDir} (application.jar and libs/) into the version's image and answers its reference. */
    public String build(String name, String version, Path appDir) {
        String image = imageName(name, version);
        long start = System.nanoTime();
        try {
            JibContainer built = base.from(daemon, docker, this::log)
                    .setFileEntriesLayers(ApplicationLayers.of(appDir, files))
                    .setEntrypoint(entrypoint())
                    .setWorkingDirectory(ApplicationLayers.APP_DIR)
                    .setExposedPorts(Set.of(Port.tcp(SERVICE_PORT)))
                    .setLabels(Map.of("daeploy.name", name, "daeploy.version", version))
                    .containerize(containerizer(image));
            LOG.info(() -> String.format("Built image %s (%s) on %s in %.1f s", image, built.getImageId(), base,
                                         (System.nanoTime() - start) / 1e9));
            return image;
        } catch (ExecutionException | IOException | RegistryException | CacheDirectoryCreationException e) {
            throw failure(image, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while building the image " + image, e);
        }
    }

    /** {@code java <DAEPLOY_SERVICE_JAVA_OPTS> -jar /app/application.jar}: the libs come through the manifest's Class-Path. */
    private List<String> entrypoint() {
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(javaOptions);
        command.add("-jar");
        command.add(ApplicationLayers.APP_DIR.resolve(ApplicationLayers.APPLICATION_JAR).toString());
        return command;
    }

    private Containerizer containerizer(String image) {
        ImageReference target;
        try {
            target = ImageReference.parse(image);
        } catch (InvalidImageReferenceException e) {
            throw new IllegalArgumentException("DAEPLOY_REGISTRY=" + registry.orElse("") + " makes an invalid image name "
                    + image, e);
        }
        Containerizer containerizer;
        if (registry.isPresent()) {
            containerizer = Containerizer.to(RegistryImage.named(target)
                    .addCredentialRetriever(CredentialRetrieverFactory.forImage(target, this::log).dockerConfig()));
        } else if (daemon != null) {
            containerizer = Containerizer.to(daemon, DockerDaemonImage.named(target));
        } else {
            throw new IllegalStateException("Images need DAEPLOY_REGISTRY: this runtime has no Docker daemon to keep them");
        }
        return containerizer
                .setToolName("daeploy")
                .setAllowInsecureRegistries(insecure)
                .setBaseImageLayersCache(cacheDir.resolve("base"))
                .setApplicationLayersCache(cacheDir.resolve("application"))
                .addEventHandler(LogEvent.class, this::log);
    }

    private RuntimeException failure(String image, Exception e) {
        String why = rootMessage(e);
        if (base.isCauseOf(e, registry)) {
            return base.unusable(why);
        }
        LOG.log(Level.WARNING, "Building " + image + " failed", e);
        return new IllegalStateException("Cannot build the image " + image
                + registry.map(r -> " for the registry " + r + " (DAEPLOY_REGISTRY"
                        + (insecure ? "" : "; a plain-HTTP registry needs DAEPLOY_REGISTRY_INSECURE=true") + ")").orElse("")
                + ": " + why, e);
    }

    /** Jib's own message where it has one (it names the image and the step), else the underlying cause's. */
    private static String rootMessage(Throwable e) {
        Throwable failure = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = failure.getMessage();
        if (message == null || message.isBlank() || message.startsWith("java.")) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        }
        return message.strip();
    }

    private void log(LogEvent event) {
        switch (event.getLevel()) {
            case ERROR, WARN -> LOG.warning(() -> "jib: " + event.getMessage());
            case LIFECYCLE -> LOG.info(() -> "jib: " + event.getMessage());
            default -> LOG.fine(() -> "jib: " + event.getMessage());
        }
    }
}
