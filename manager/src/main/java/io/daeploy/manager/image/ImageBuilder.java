package io.daeploy.manager.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.Port;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.github.dockerjava.api.DockerClient;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.config.ManagerSettings.ContainerSettings;
import io.daeploy.manager.content.ContentStore;
import io.daeploy.manager.deploy.DeployProgress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
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
    private static final String IMAGE_NAME_LABEL = "daeploy.name";
    private static final String IMAGE_VERSION_LABEL = "daeploy.version";
    private static final Logger LOG = Logger.getLogger(ImageBuilder.class.getName());
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    private final BaseImage base;
    private final Optional<String> registry;
    private final boolean insecure;
    private final List<String> javaOptions;
    private final ImageCaches caches;
    private final DockerClient docker;
    private final DockerJibClient daemon;
    private volatile Optional<String> baseImageProblem = Optional.empty();

    /**
     * @param docker  the local Docker daemon, or null where there is none (images then must go to a registry)
     * @param content the manager's content store, whose files the layers are built from
     */
    public ImageBuilder(ContainerSettings settings, Path dataDir, List<String> javaOptions, DockerClient docker,
                        ContentStore content) {
        this.base = new BaseImage(settings.baseImage());
        this.registry = settings.registry();
        this.insecure = settings.registryInsecure();
        this.javaOptions = List.copyOf(javaOptions);
        this.caches = new ImageCaches(dataDir.resolve("jib-cache"), content);
        this.docker = docker;
        this.daemon = docker == null ? null : new DockerJibClient(docker);
    }

    /**
     * Looks at the base image again (see {@link BaseImage#problem}); answers what makes it unusable, in the words a
     * failed deploy would use, and remembers it for {@link #baseImageProblem}.
     */
    public Optional<String> checkBaseImage() {
        Optional<String> problem = base.problem(docker, insecure).map(why -> base.unusable(why).getMessage());
        baseImageProblem = problem;
        return problem;
    }

    /** What the last look at the base image found wrong, if anything (no new look: cheap enough for health checks). */
    public Optional<String> baseImageProblem() {
        return baseImageProblem;
    }

    /** Whether images go to {@code DAEPLOY_REGISTRY} rather than into the local Docker daemon. */
    public boolean pushesToRegistry() {
        return registry.isPresent();
    }

    /** The reference a version's image gets. */
    public String imageName(String name, String version) {
        return ImageNames.of(name, version, registry);
    }

    /**
     * Builds {@code appDir} (application.jar and libs/) into the version's image and answers its reference;
     * Jib's steps go to {@code progress} as they happen.
     */
    public String build(String name, String version, Path appDir, DeployProgress progress) {
        containerize(name, version, appDir, progress);
        return imageName(name, version);
    }

    /**
     * Builds as {@link #build} does and answers the reference by digest ({@code <image>:<tag>@sha256:...}), the one
     * reference to the pushed image that cannot change; only where images go to {@code DAEPLOY_REGISTRY}.
     */
    public String buildByDigest(String name, String version, Path appDir, DeployProgress progress) {
        if (registry.isEmpty()) {
            throw new IllegalStateException("Images by digest need DAEPLOY_REGISTRY");
        }
        JibContainer built = containerize(name, version, appDir, progress);
        return imageName(name, version) + "@" + built.getDigest();
    }

    private JibContainer containerize(String name, String version, Path appDir, DeployProgress progress) {
        String image = imageName(name, version);
        Optional<String> unusable = base.problem(docker, insecure);
        baseImageProblem = unusable.map(why -> base.unusable(why).getMessage());
        if (unusable.isPresent()) {
            throw base.unusable(unusable.get()); // at once, not after the retries of a build
        }
        long start = System.nanoTime();
        progress.step("Building the image " + image + " on " + base + " with Jib");
        try {
            JibContainer built = caches.whileBuilding(() -> {
                List<FileEntriesLayer> layers = ApplicationLayers.of(appDir, caches.files());
                LayerReport report = new LayerReport(layers.stream().map(FileEntriesLayer::getName).toList());
                Consumer<LogEvent> log = event -> {
                    report.note(event);
                    log(event, progress);
                };
                JibContainer container = base.from(daemon, docker, log)
                        .setFileEntriesLayers(layers)
                        .setEntrypoint(entrypoint())
                        .setWorkingDirectory(ApplicationLayers.APP_DIR)
                        .setExposedPorts(Set.of(Port.tcp(SERVICE_PORT)))
                        .setLabels(Map.of(IMAGE_NAME_LABEL, name, IMAGE_VERSION_LABEL, version))
                        .containerize(containerizer(image, log));
                progress.step(report.summary());
                return container;
            });
            String done = String.format("Built the image %s (%s) in %.1f s", image, built.getImageId(),
                                        (System.nanoTime() - start) / 1e9);
            LOG.info(done);
            progress.step(done);
            return built;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while building the image " + image, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw failure(image, e);
        }
    }

    /** Whether {@code labels} (of an image) say this builder made it for that version, so a kill may remove it. */
    public static boolean builtFor(Map<String, String> labels, String name, String version) {
        return labels != null && name.equals(labels.get(IMAGE_NAME_LABEL)) && version.equals(labels.get(IMAGE_VERSION_LABEL));
    }

    /** Frees the cache space killed versions left behind (see {@link ImageCaches#prune}). */
    public void pruneCaches() {
        long freed = caches.prune();
        if (freed > 0) {
            LOG.info(() -> String.format("Freed %.1f MB of image build caches", freed / 1e6));
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

    private Containerizer containerizer(String image, Consumer<LogEvent> log) {
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
                    .addCredentialRetriever(CredentialRetrieverFactory.forImage(target, log).dockerConfig()));
        } else if (daemon != null) {
            containerizer = Containerizer.to(daemon, DockerDaemonImage.named(target));
        } else {
            throw new IllegalStateException("Images need DAEPLOY_REGISTRY: this runtime has no Docker daemon to keep them");
        }
        return containerizer
                .setToolName("daeploy")
                .setAllowInsecureRegistries(insecure)
                .setBaseImageLayersCache(caches.baseLayers())
                .setApplicationLayersCache(caches.applicationLayers())
                .addEventHandler(LogEvent.class, log::accept);
    }

    /**
     * A base image that cannot be had is the user's to fix (422, see {@link BaseImage#unusable}); a registry that
     * refuses the push is a 502 naming it and the settings; anything else is the manager's own failure.
     */
    private RuntimeException failure(String image, Exception e) {
        String why = rootMessage(e);
        if (base.isCauseOf(e, registry)) {
            return base.unusable(why);
        }
        LOG.log(Level.WARNING, "Building " + image + " failed", e);
        if (registry.isPresent()) {
            return DomainException.upstreamFailed("Cannot push the image " + image + " to the registry "
                    + registry.get() + " (DAEPLOY_REGISTRY" + (insecure ? "" : "; a plain-HTTP registry needs"
                    + " DAEPLOY_REGISTRY_INSECURE=true") + "): " + why, e);
        }
        return new IllegalStateException("Cannot build the image " + image + " into the local Docker daemon: " + why, e);
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

    /** Jib's steps (its lifecycle and progress messages) and warnings go to the user; its file lists and debug chatter do not. */
    /** Jib colours its errors for a terminal; the manager's log and the deploy's steps are text. */
    static String plain(String message) {
        return ANSI_ESCAPE.matcher(message).replaceAll("");
    }

    private static void log(LogEvent event, DeployProgress progress) {
        String message = plain(event.getMessage()).strip();
        switch (event.getLevel()) {
            case ERROR, WARN -> {
                LOG.warning(() -> "jib: " + message);
                progress.step("warning: " + message);
            }
            case LIFECYCLE, PROGRESS -> {
                LOG.fine(() -> "jib: " + message);
                if (!message.isEmpty()) {
                    progress.step(message);
                }
            }
            default -> LOG.finer(() -> "jib: " + message);
        }
    }
}
