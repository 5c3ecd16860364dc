package io.daeploy.manager.logs;

import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.HttpErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogStreamerTest {

    private static String stream(List<Path> files, LogQuery query) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogStreamer.stream(files, query, out, () -> false);
        return out.toString();
    }

    @Test
    void tailSpansRotatedGenerationsOldestFirst(@TempDir Path dir) throws IOException {
        Path old = Files.writeString(dir.resolve("service.log.1"), "a\nb\n");
        Path live = Files.writeString(dir.resolve("service.log"), "c\nd\n");
        List<Path> files = List.of(dir.resolve("service.log.2"), old, live);
        assertEquals("a\nb\nc\nd\n", stream(files, new LogQuery(OptionalInt.empty(), Optional.empty(), false)));
        assertEquals("b\nc\nd\n", stream(files, new LogQuery(OptionalInt.of(3), Optional.empty(), false)));
        assertEquals("", stream(files, new LogQuery(OptionalInt.of(0), Optional.empty(), false)));
    }

    @Test
    void sinceKeepsLinesFromThatTimeWithTheirContinuationLines(@TempDir Path dir) throws IOException {
        Path live = Files.writeString(dir.resolve("service.log"), """
                2026-11-27 10:00:00.000Z INFO early
                2026-11-27T10:05:00.000Z SEVERE late
                \tat com.example.Boom(Boom.java:1)
                """);
        String out = stream(List.of(live), new LogQuery(OptionalInt.empty(),
                Optional.of(Instant.parse("2026-11-27T10:01:00Z")), false));
        assertEquals("2026-11-27T10:05:00.000Z SEVERE late\n\tat com.example.Boom(Boom.java:1)\n", out);
    }

    @Test
    void aStampWithoutAnOffsetIsTheWritersLocalTimeAndOneWithAnOffsetIsThatTime() {
        ZoneId plusTwo = ZoneId.of("Europe/Helsinki"); // UTC+2 in November
        assertEquals(Instant.parse("2026-11-27T10:00:00Z"),
                     LogStreamer.timeOf("2026-11-27 12:00:00.123 INFO local", Instant.MIN, plusTwo));
        assertEquals(Instant.parse("2026-11-27T12:00:00Z"),
                     LogStreamer.timeOf("2026-11-27T12:00:00.123Z INFO utc", Instant.MIN, plusTwo));
        assertEquals(Instant.parse("2026-11-27T11:00:00Z"),
                     LogStreamer.timeOf("2026-11-27T12:00:00+01:00 INFO offset", Instant.MIN, plusTwo));
        assertEquals(Instant.parse("2026-11-27T11:00:00Z"),
                     LogStreamer.timeOf("2026-11-27 12:00:00,5+0100 INFO compact offset", Instant.MIN, plusTwo));
        Instant previous = Instant.parse("2026-11-27T09:00:00Z");
        assertEquals(previous, LogStreamer.timeOf("\tat com.example.Boom(Boom.java:1)", previous, plusTwo));
    }

    @Test
    void followingPicksUpNewLinesAndARotatedFile(@TempDir Path dir) throws Exception {
        Path live = Files.writeString(dir.resolve("service.log"), "old\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger polls = new AtomicInteger();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(300);
                Files.writeString(live, "new\n", java.nio.file.StandardOpenOption.APPEND);
                Thread.sleep(300);
                Files.writeString(live, "after rotation\n"); // truncated and written again
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + 10_000_000_000L; // generous: CI machines are busy
        LogStreamer.stream(List.of(live), new LogQuery(OptionalInt.of(0), Optional.empty(), true), out,
                           () -> polls.incrementAndGet() > 0 && !out.toString().contains("after rotation")
                                   && System.nanoTime() < deadline);
        writer.join();
        assertEquals("new\nafter rotation\n", out.toString());
    }

    @Test
    void aFileSeenEmptyBetweenTruncationAndRewriteIsReadFromTheStart(@TempDir Path dir) throws Exception {
        Path live = Files.writeString(dir.resolve("service.log"), "old\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicInteger polls = new AtomicInteger();
        LogStreamer.stream(List.of(live), new LogQuery(OptionalInt.of(0), Optional.empty(), true), out, () -> {
            try {
                switch (polls.incrementAndGet()) {
                    case 2 -> Files.writeString(live, "");          // truncated: the reader sees it empty
                    case 3 -> Files.writeString(live, "fresh\n");   // then written again
                    default -> { }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return polls.get() < 5;
        });
        assertEquals("fresh\n", out.toString());
    }

    @Test
    void badQueriesNameTheAcceptedForms() {
        assertThrows(DomainException.class, () -> LogQuery.parse(Optional.of("-1"), Optional.empty(), Optional.empty()));
        DomainException since = assertThrows(DomainException.class,
                () -> LogQuery.parse(Optional.empty(), Optional.of("yesterday"), Optional.empty()));
        assertTrue(since.getMessage().contains("2026-11-27T10:15:00"));
        assertEquals(Instant.parse("2026-11-27T00:00:00Z"), LogQuery.parseSince("2026-11-27"));
        assertEquals(Instant.parse("2026-11-27T09:15:00Z"), LogQuery.parseSince("2026-11-27T10:15:00+01:00"));
        assertEquals(OptionalInt.empty(), LogQuery.parseTail("all"));
    }
}
