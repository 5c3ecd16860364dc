package io.daeploy.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The lines of a streamed answer, each awaited at most a given time. The JDK client's request time-out ends
 * with the answer's head; without this, a manager gone silent in the middle of a deploy would hang the caller.
 */
final class IdleLines implements AutoCloseable {

    private static final Object END = new Object();

    private final Stream<String> lines;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    IdleLines(Stream<String> lines) {
        this.lines = lines;
        // A platform thread: this client also runs in the Maven plugin on Java 17, which has no virtual threads.
        Thread reader = new Thread(() -> {
            try {
                lines.forEach(queue::add);
                queue.add(END);
            } catch (RuntimeException e) {
                queue.add(e);
            }
        }, "daeploy-answer-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next line, or null at the end of the answer. */
    String next(Duration idle) throws IOException, InterruptedException {
        Object item = queue.poll(idle.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new HttpTimeoutException("no word from the manager for " + idle.toSeconds() + " s");
        }
        if (item == END) {
            return null;
        }
        if (item instanceof UncheckedIOException e) {
            throw e.getCause();
        }
        if (item instanceof RuntimeException e) {
            throw e;
        }
        return (String) item;
    }

    @Override
    public void close() {
        lines.close();
    }
}
