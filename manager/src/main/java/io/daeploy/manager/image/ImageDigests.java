package io.daeploy.manager.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import io.daeploy.manager.errors.DomainException;

import java.io.IOException;

/** Pins an image reference to the digest its registry holds now, so that what runs cannot change under a tag. */
public final class ImageDigests {

    private ImageDigests() {
    }

    /**
     * {@code image} by digest ({@code <image>:<tag>@sha256:...}); one given by digest already stays as it is. An image
     * whose digest cannot be had (a registry that asks for credentials, say) is a 422 saying what to do instead.
     */
    public static String pin(String image, boolean insecure) {
        ImageReference reference;
        try {
            reference = ImageReference.parse(image);
        } catch (InvalidImageReferenceException e) {
            throw DomainException.invalid("Field image: '" + image + "' is not an image reference");
        }
        if (reference.getDigest().isPresent()) {
            return image;
        }
        try {
            return image + "@" + new RegistryProbe().digest(reference, insecure);
        } catch (IOException e) {
            throw DomainException.invalid("Cannot find the digest of the image " + image + ": " + e.getMessage()
                    + "; give it by digest (" + image + "@sha256:...)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while looking up " + image, e);
        }
    }
}
