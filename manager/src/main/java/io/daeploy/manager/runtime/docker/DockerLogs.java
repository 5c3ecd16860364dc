package io.daeploy.manager.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import io.daeploy.manager.logs.LogQuery;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's output from Docker's log API, with the meaning {@link LogQuery} has for log files: the
 * last {@code tail} lines at or after {@code since}, then new lines while following. Docker stamps every
 * line; the stamp decides {@code since} to the nanosecond and is then taken off, so the lines read as
 * the service wrote them. (Docker applies {@code tail} before {@code since}; for lines in time order
 * that selects the same lines as the other way round.)
 */
final class DockerLogs {

    private static final Pattern STAMPED = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z) ?(.*)$");
    private static final long POLL_MILLIS = 200;

    private final DockerClient docker;

    DockerLogs(DockerClient docker) {
        this.docker = docker;
    }

    /** Writes the selected lines; following, goes on until the container stops, {@code keepFollowing} says stop, or the reader leaves. */
    void stream(String container, LogQuery query, OutputStream out, BooleanSupplier keepFollowing) throws IOException {
        LogContainerCmd cmd = docker.logContainerCmd(container).withStdOut(true).withStdErr(true)
                .withTimestamps(true).withFollowStream(query.follow());
        if (query.tail().isPresent()) {
            cmd.withTail(query.tail().getAsInt());
        } else {
            cmd.withTailAll();
        }
        query.since().ifPresent(since -> cmd.withSince((int) since.getEpochSecond()));
        Lines lines = new Lines(out, query.since());
        try (Frames frames = cmd.exec(new Frames(lines))) {
            while (!frames.awaitEnd(POLL_MILLIS)) {
                if (query.follow() && !keepFollowing.getAsBoolean()) {
                    return;
                }
            }
            frames.rethrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@code count} non-blank lines, or none when the container is gone. */
    List<String> last(String container, int count) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            // a few more than asked, since blank lines are left out
            stream(container, new LogQuery(OptionalInt.of(count * 2), Optional.empty(), false), buffer, () -> false);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        return lines.subList(Math.max(0, lines.size() - count), lines.size());
    }

    /** Turns Docker's stamped frames into the service's own lines, dropping those before {@code since}. */
    private static final class Lines {

        private final OutputStream out;
        private final Optional<Instant> since;
        private Instant lineTime = Instant.MIN;

        Lines(OutputStream out, Optional<Instant> since) {
            this.out = out;
            this.since = since;
        }

        void accept(byte[] payload) throws IOException {
            String text = new String(payload, StandardCharsets.UTF_8);
            String[] parts = text.split("\n", -1);
            int count = text.endsWith("\n") ? parts.length - 1 : parts.length;
            StringBuilder selected = new StringBuilder();
            for (int i = 0; i < count; i++) {
                String line = parts[i];
                Matcher stamped = STAMPED.matcher(line);
                if (stamped.matches()) {
                    lineTime = parse(stamped.group(1));
                    line = stamped.group(2);
                }
                if (since.isEmpty() || !lineTime.isBefore(since.get())) {
                    selected.append(line).append('\n');
                }
            }
            if (!selected.isEmpty()) {
                out.write(selected.toString().getBytes(StandardCharsets.UTF_8));
                out.flush(); // throws once the reader has gone
            }
        }

        private Instant parse(String stamp) {
            try {
                return Instant.parse(stamp);
            } catch (DateTimeParseException e) {
                return lineTime;
            }
        }
    }

    /** Docker's frames as they come, on docker-java's thread; the caller waits with a timeout so it can stop following. */
    private static final class Frames implements ResultCallback<Frame> {

        private final Lines lines;
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile Closeable stream;
        private volatile Throwable failure;

        Frames(Lines lines) {
            this.lines = lines;
        }

        @Override
        public void onStart(Closeable stream) {
            this.stream = stream;
        }

        @Override
        public void onNext(Frame frame) {
            try {
                lines.accept(frame.getPayload());
            } catch (IOException e) {
                failure = e;
                close();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            if (failure == null) {
                failure = throwable;
            }
            ended.countDown();
        }

        @Override
        public void onComplete() {
            ended.countDown();
        }

        boolean awaitEnd(long millis) throws InterruptedException {
            return ended.await(millis, TimeUnit.MILLISECONDS);
        }

        /** The reader leaving is an IOException for the caller; a container already gone has simply no output. */
        void rethrow() throws IOException {
            Throwable f = failure;
            if (f == null || f instanceof NotFoundException) {
                return;
            }
            if (f instanceof IOException io) {
                throw io;
            }
            if (f instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (f instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(f);
        }

        @Override
        public void close() {
            Closeable s = stream;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            ended.countDown();
        }
    }
}
