package io.daeploy.manager.image;

import com.github.dockerjava.api.exception.NotFoundException;
import com.google.cloud.tools.jib.api.DockerDaemonImage;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import io.daeploy.manager.errors.DomainException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * {@code DAEPLOY_BASE_IMAGE}: the image that brings Java to every service image. A registry reference
 * ({@code eclipse-temurin:21-jre}), an image of the local Docker daemon ({@code docker://...}) or an
 * image tarball ({@code tar:///path/image.tar}).
 */
final class BaseImage {

    private final String setting;
    /** The image's name; none for a tarball, which is known by its path. */
    private final ImageReference reference;

    BaseImage(String setting) {
        this.setting = setting;
        if (isTar()) {
            this.reference = null;
            return;
        }
        try {
            this.reference = ImageReference.parse(stripPrefix(setting));
        } catch (InvalidImageReferenceException e) {
            throw new IllegalArgumentException("DAEPLOY_BASE_IMAGE=" + setting + " is not an image reference"
                    + " (e.g. eclipse-temurin:21-jre, docker://my/java:21 or tar:///images/java.tar)");
        }
    }

    /** A Jib build on this base; {@code daemon} is the local Docker daemon, null where there is none. */
    JibContainerBuilder from(DockerJibClient daemon, com.github.dockerjava.api.DockerClient docker, Consumer<LogEvent> log) {
        if (isDaemon()) {
            if (daemon == null) {
                throw unusable("this runtime has no Docker daemon to take it from");
            }
            try {
                docker.inspectImageCmd(reference.toString()).exec();
            } catch (NotFoundException e) {
                throw unusable("the local Docker daemon has no such image");
            }
            return Jib.from(daemon, DockerDaemonImage.named(reference));
        }
        if (isTar()) {
            Path tar = Path.of(stripPrefix(setting));
            if (!Files.isRegularFile(tar)) {
                throw unusable("there is no file " + tar);
            }
            return Jib.from(TarImage.at(tar));
        }
        return Jib.from(RegistryImage.named(reference)
                .addCredentialRetriever(CredentialRetrieverFactory.forImage(reference, log).dockerConfig()));
    }

    /**
     * Why no build can start from this image, when a quick look tells for sure: a daemon image the daemon lacks, a
     * missing tarball, a registry that cannot be reached or has no such image. Empty when it looks usable.
     */
    Optional<String> problem(com.github.dockerjava.api.DockerClient docker, boolean insecure) {
        if (isDaemon()) {
            if (docker == null) {
                return Optional.of("this runtime has no Docker daemon to take it from");
            }
            try {
                docker.inspectImageCmd(reference.toString()).exec();
                return Optional.empty();
            } catch (NotFoundException e) {
                return Optional.of("the local Docker daemon has no such image");
            }
        }
        if (isTar()) {
            Path tar = Path.of(stripPrefix(setting));
            return Files.isRegularFile(tar) ? Optional.empty() : Optional.of("there is no file " + tar);
        }
        return new RegistryProbe().problem(reference, insecure);
    }

    /**
     * Whether a build failure came from fetching this image rather than from pushing the result: Jib's
     * messages name the image, or its registry when that is not also where images are pushed.
     */
    boolean isCauseOf(Throwable failure, Optional<String> targetRegistry) {
        List<String> names = new ArrayList<>();
        if (reference == null) {
            names.add(stripPrefix(setting).toLowerCase(Locale.ROOT));
        } else {
            names.add(reference.getRepository().toLowerCase(Locale.ROOT));
            if (targetRegistry.map(r -> !r.startsWith(reference.getRegistry())).orElse(true)) {
                names.add(reference.getRegistry().toLowerCase(Locale.ROOT));
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (names.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }

    /** A 422 naming the base image and how to fix the setting. */
    DomainException unusable(String why) {
        return DomainException.invalid("The base image " + setting + " (DAEPLOY_BASE_IMAGE) cannot be used: " + why
                + ". Set DAEPLOY_BASE_IMAGE to a Java image this manager can reach: a registry image,"
                + " docker://<image in the local Docker daemon> or tar://<image tarball>");
    }

    @Override
    public String toString() {
        return setting;
    }

    private boolean isDaemon() {
        return setting.startsWith(Jib.DOCKER_DAEMON_IMAGE_PREFIX);
    }

    private boolean isTar() {
        return setting.startsWith(Jib.TAR_IMAGE_PREFIX);
    }

    private static String stripPrefix(String setting) {
        for (String prefix : new String[]{Jib.DOCKER_DAEMON_IMAGE_PREFIX, Jib.TAR_IMAGE_PREFIX, Jib.REGISTRY_IMAGE_PREFIX}) {
            if (setting.startsWith(prefix)) {
                return setting.substring(prefix.length());
            }
        }
        return setting;
    }
}
