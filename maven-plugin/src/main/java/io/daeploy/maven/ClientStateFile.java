package io.daeploy.maven;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.daeploy.common.Json;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Reads and writes the client state file ({@code ~/.daeploy/config.json} unless configured otherwise). */
public final class ClientStateFile {

    private final Path path;

    public ClientStateFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The stored state, or an empty one when the file does not exist yet. */
    public ClientState read() throws IOException {
        if (!Files.exists(path)) {
            return ClientState.empty();
        }
        ClientState state = Json.mapper().readValue(path.toFile(), ClientState.class);
        return state == null ? ClientState.empty() : state;
    }

    /**
     * Writes the state through a temporary file and a rename, so a crash or a concurrent reader
     * never sees half a file. The file holds tokens, so it is made readable by its owner only.
     */
    public void write(ClientState state) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
        try {
            restrictToOwner(temp);
            Files.write(temp, Json.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(state));
            try {
                Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user profile's ACLs apply
        }
    }
}
