package io.daeploy.manager.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One manager per data directory: taken before anything in the directory is opened, so that a second manager
 * on the same directory stops with one line naming the first (its pid, and its port once it listens) and changes
 * nothing there. The operating system releases the lock when the process ends, even after {@code kill -9}.
 */
public final class DataDirectoryLock implements AutoCloseable {

    static final String FILE = "manager.lock";
    /**
     * The locks this process holds, by file. Reachable from here for as long as they are held: a channel nobody
     * references is closed by the garbage collector, and the lock with it. And a second channel on a locked file
     * must never be opened here: closing it would drop the process's lock (POSIX locks belong to the process).
     */
    private static final Map<Path, DataDirectoryLock> HELD_HERE = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IllegalStateException when another manager holds the directory */
    public static DataDirectoryLock acquire(Path dataDir) {
        return acquire(dataDir, FILE, holder -> heldBy(holder, dataDir));
    }

    /**
     * One of several managers on a data directory they share (their store is PostgreSQL): the lock is of its name, so
     * that two managers of one name, which would take each other's lease for their own, never run at once.
     *
     * @throws IllegalStateException when another manager of that name runs on the directory
     */
    public static DataDirectoryLock acquire(Path dataDir, String managerName) {
        return acquire(dataDir, "manager-" + managerName + ".lock", holder -> new IllegalStateException("another manager named '"
                + managerName + "'" + (holder.isEmpty() ? "" : " (" + holder + ")") + " runs on the data directory " + dataDir
                + ": give each manager a name of its own (DAEPLOY_MANAGER_NAME)"));
    }

    private static synchronized DataDirectoryLock acquire(Path dataDir, String fileName,
                                                          java.util.function.Function<String, IllegalStateException> heldBy) {
        Path file = dataDir.resolve(fileName).toAbsolutePath().normalize();
        if (HELD_HERE.containsKey(file)) {
            throw heldBy.apply("pid " + ProcessHandle.current().pid());
        }
        FileChannel channel = null;
        try {
            if (Files.exists(file)) {
                // Open without creating or truncating: a refused second manager leaves the file as it was.
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } else {
                if (!Files.isDirectory(dataDir)) {
                    PrivateFolders.create(dataDir); // an existing one's mode is the runtime's to set: services may pass through
                }
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                PrivateFolders.restrictFile(file);
            }
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw heldBy.apply(read(channel).strip());
            }
            DataDirectoryLock held = new DataDirectoryLock(file, channel, lock);
            HELD_HERE.put(file, held);
            held.write("pid " + ProcessHandle.current().pid());
            return held;
        } catch (IOException e) {
            closeQuietly(channel);
            HELD_HERE.remove(file);
            throw new IllegalStateException("Cannot lock the data directory " + dataDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            HELD_HERE.remove(file);
            throw e;
        }
    }

    private static IllegalStateException heldBy(String holder, Path dataDir) {
        return new IllegalStateException("another manager" + (holder.isEmpty() ? "" : " (" + holder + ")")
                + " holds the data directory " + dataDir + ": stop it first, or give this one another DAEPLOY_DATA_DIR");
    }

    /** Once the manager listens: a second manager names the port too. */
    public void listeningOn(int port) {
        try {
            write("pid " + ProcessHandle.current().pid() + ", port " + port);
        } catch (IOException e) {
            // only the message of a refused second manager would miss the port
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel's close releases it as well
        }
        closeQuietly(channel);
        HELD_HERE.remove(file);
    }

    private void write(String holder) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }
}
