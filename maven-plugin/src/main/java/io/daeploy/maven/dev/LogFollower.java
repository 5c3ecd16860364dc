package io.daeploy.maven.dev;

import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManagerException;

import java.util.function.Consumer;

/**
 * Prints a version's output as it comes, each line prefixed with the version, for as long as the dev session lasts:
 * a follow ends when the old process of a reload stops or the manager restarts, and then it connects again, printing
 * no line twice ({@link LogResume}).
 */
public final class LogFollower implements AutoCloseable {

    private static final int TAIL = 100;
    private static final long MAX_PAUSE_MILLIS = 5_000;

    private final Thread thread;
    private volatile boolean closed;

    private LogFollower(ManagerClient client, String name, String version, Consumer<String> out) {
        LogResume resume = new LogResume(TAIL, line -> out.accept("[" + version + "] " + line));
        this.thread = new Thread(() -> follow(client, name, version, resume), "daeploy-dev-log");
        this.thread.setDaemon(true); // never keeps Maven from ending
    }

    /** Starts following, from the last lines of the log. */
    public static LogFollower start(ManagerClient client, String name, String version, Consumer<String> out) {
        LogFollower follower = new LogFollower(client, name, version, out);
        follower.thread.start();
        return follower;
    }

    private void follow(ManagerClient client, String name, String version, LogResume resume) {
        long pause = 250;
        while (!closed) {
            resume.reconnected();
            try {
                client.logs(name, version, Integer.toString(TAIL), true, null, line -> {
                    if (!closed) {
                        resume.accept(line);
                    }
                });
                pause = 250; // a follow that ended normally: the process was replaced
            } catch (ManagerException | java.io.UncheckedIOException e) {
                pause = Math.min(MAX_PAUSE_MILLIS, pause * 2); // the manager is away, or the version is not there yet
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
