package io.daeploy.manager.image;

import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.HttpErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaseImageTest {

    private static final String ADVICE = "Set DAEPLOY_BASE_IMAGE to a Java image this manager can reach";

    @Test
    void aSettingThatIsNoImageReferenceIsRefusedNamingItAndTheForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BaseImage("Eclipse Temurin 21"));
        assertTrue(e.getMessage().startsWith("DAEPLOY_BASE_IMAGE=Eclipse Temurin 21 is not an image reference"), e.getMessage());
        assertTrue(e.getMessage().contains("docker://my/java:21 or tar:///images/java.tar"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BaseImage("docker://my java:21"));
    }

    @Test
    void registryDaemonAndTarballFormsAreAccepted() {
        for (String setting : new String[]{"eclipse-temurin:21-jre", "127.0.0.1:5000/daeploy/java:21", "registry://eclipse-temurin:21",
                "docker://daeploy/test-java-base:latest", "tar:///images/java.tar"}) {
            assertEquals(setting, new BaseImage(setting).toString());
        }
    }

    @Test
    void aTarballThatIsNotThereIs422NamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-java.tar");
        DomainException e = assertThrows(DomainException.class, () -> new BaseImage("tar://" + missing).from(null, null, event -> { }));
        assertEquals(422, HttpErrors.status(e).code());
        assertEquals("The base image tar://" + missing + " (DAEPLOY_BASE_IMAGE) cannot be used: there is no file " + missing
                + ". " + ADVICE + ": a registry image, docker://<image in the local Docker daemon> or tar://<image tarball>",
                e.detail());
    }

    @Test
    void aDaemonImageWithoutADaemonIs422SayingSo() {
        DomainException e = assertThrows(DomainException.class,
                () -> new BaseImage("docker://daeploy/java:21").from(null, null, event -> { }));
        assertEquals(422, HttpErrors.status(e).code());
        assertTrue(e.detail().toString().contains("docker://daeploy/java:21 (DAEPLOY_BASE_IMAGE) cannot be used: this runtime"
                + " has no Docker daemon to take it from"), e.detail().toString());
    }

    /** Jib's words for a base image a registry does not have, as a deploy meets them. */
    @Test
    void aFailureNamingTheBaseImageIsTheBaseImages() {
        BaseImage base = new BaseImage("127.0.0.1:5000/no-such-base:1");
        Exception pull = new IOException("Unable to pull base image",
                new RuntimeException("Tried to pull image manifest for 127.0.0.1:5000/no-such-base:1 but failed because:"
                        + " manifest unknown"));
        assertTrue(base.isCauseOf(pull, Optional.empty()));
        assertTrue(base.isCauseOf(pull, Optional.of("127.0.0.1:5000")), "found by the repository when the registry is shared");

        Exception push = new IOException("Unauthorized for 127.0.0.1:5000/dock_pushed");
        assertFalse(base.isCauseOf(push, Optional.of("127.0.0.1:5000")), "the push target's registry is not the base image's fault");
        assertTrue(base.isCauseOf(push, Optional.empty()), "with no registry to push to, its registry is the base image's");
    }

    @Test
    void aFailureNamingTheTarballIsTheTarballs() {
        BaseImage base = new BaseImage("tar:///images/Java.tar");
        assertTrue(base.isCauseOf(new IOException("Cannot read /images/Java.tar: not a tar"), Optional.empty()));
        assertFalse(base.isCauseOf(new IOException("Disk full"), Optional.empty()));
    }
}
