package io.daeploy.manager.image;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Info;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.DockerClient;
import com.google.cloud.tools.jib.api.DockerInfoDetails;
import com.google.cloud.tools.jib.api.ImageDetails;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.image.ImageTarball;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import io.daeploy.common.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Jib's view of the Docker daemon, spoken over the Docker API instead of through the {@code docker}
 * command, which a manager running in a container does not have.
 */
final class DockerJibClient implements DockerClient {

    private static final int PIPE_BYTES = 1024 * 1024;

    private final com.github.dockerjava.api.DockerClient docker;

    DockerJibClient(com.github.dockerjava.api.DockerClient docker) {
        this.docker = docker;
    }

    @Override
    public boolean supported(Map<String, String> parameters) {
        return true;
    }

    @Override
    public String load(ImageTarball imageTarball, Consumer<Long> writtenByteCountListener) throws IOException, InterruptedException {
        PipedInputStream in = new PipedInputStream(PIPE_BYTES);
        PipedOutputStream out = new PipedOutputStream(in);
        CompletableFuture<Void> writing = new CompletableFuture<>();
        Thread.ofVirtual().name("daeploy-image-load").start(() -> {
            try (out) {
                imageTarball.writeTo(out);
                writing.complete(null);
            } catch (IOException | RuntimeException e) {
                writing.completeExceptionally(e);
            }
        });
        try (in) {
            docker.loadImageCmd(in).exec();
        } catch (RuntimeException e) {
            throw new IOException("Docker did not load the image: " + e.getMessage(), e);
        }
        try {
            writing.get();
        } catch (ExecutionException e) {
            throw new IOException("Cannot write the image to Docker: " + e.getCause().getMessage(), e.getCause());
        }
        return "";
    }

    @Override
    public void save(ImageReference imageReference, Path outputPath, Consumer<Long> writtenByteCountListener) throws IOException {
        try (InputStream image = docker.saveImageCmd(imageReference.toString()).exec()) {
            Files.copy(image, outputPath, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public ImageDetails inspect(ImageReference imageReference) throws IOException {
        InspectImageResponse image;
        try {
            image = docker.inspectImageCmd(imageReference.toString()).exec();
        } catch (NotFoundException e) {
            throw new IOException("No image " + imageReference + " in the local Docker daemon", e);
        }
        return new ImageDetails() {
            @Override
            public long getSize() {
                return image.getSize() == null ? 0 : image.getSize();
            }

            @Override
            public DescriptorDigest getImageId() throws DigestException {
                return DescriptorDigest.fromDigest(image.getId());
            }

            @Override
            public List<DescriptorDigest> getDiffIds() throws DigestException {
                List<DescriptorDigest> diffIds = new ArrayList<>();
                for (String layer : image.getRootFS().getLayers()) {
                    diffIds.add(DescriptorDigest.fromDigest(layer));
                }
                return diffIds;
            }
        };
    }

    /** Jib picks the platform of the built image from this. */
    @Override
    public DockerInfoDetails info() throws IOException {
        Info info = docker.infoCmd().exec();
        String json = Json.mapper().writeValueAsString(Map.of("OSType", String.valueOf(info.getOsType()),
                                                              "Architecture", String.valueOf(info.getArchitecture())));
        return JsonTemplateMapper.readJson(json, DockerInfoDetails.class);
    }
}
