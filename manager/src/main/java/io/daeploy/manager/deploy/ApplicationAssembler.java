package io.daeploy.manager.deploy;

import io.daeploy.common.ManifestEntry;
import io.daeploy.manager.content.ContentStore;
import io.daeploy.manager.errors.DomainException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipException;

/**
 * Lays out an application folder from the content store as a manifest says, to the same result as unpacking the
 * whole-archive upload ({@link ApplicationArchive}): the root jar as {@code application.jar} with a {@code Main-Class},
 * every other file at its path. Blobs are copied, never linked: on the process runtime a service owns and may write its
 * files, and must not reach the content other versions are assembled from.
 */
final class ApplicationAssembler {

    private final ContentStore store;

    ApplicationAssembler(ContentStore store) {
        this.store = store;
    }

    /** Fills {@code appDir} (which must not exist yet); a manifest naming content the store lacks is refused, naming it. */
    void assemble(ApplicationManifest manifest, Path appDir) {
        try {
            store.whileUsing(() -> {
                Set<String> missing = manifest.missingIn(store);
                if (!missing.isEmpty()) {
                    List<String> lacking = manifest.describe(missing);
                    throw DomainException.invalid("The manager's content store lacks " + String.join(", ", lacking)
                            + ": upload " + (lacking.size() == 1 ? "it" : "them") + " first, then ask for the deploy again");
                }
                for (ManifestEntry entry : manifest.entries()) {
                    Path target = manifest.destination(entry, appDir);
                    Files.createDirectories(target.getParent());
                    Files.copy(store.path(entry.sha256()), target);
                }
                return null;
            });
            ApplicationArchive.requireMainClass(appDir.resolve(ApplicationArchive.APPLICATION_JAR));
        } catch (ZipException e) {
            throw DomainException.invalid("the application jar " + manifest.applicationJar().path() + " is not a readable jar: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot assemble the application in " + appDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot assemble the application in " + appDir, e);
        }
    }
}
