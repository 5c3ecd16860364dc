package io.daeploy.manager.logs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends the lines of a log kept in files (oldest rotated generation first, the live file last):
 * the selected part at once, then, when following, new lines as they are written, until the
 * reader leaves or {@code keepFollowing} says stop. Survives the live file being truncated by rotation.
 */
public final class LogStreamer {

    /**
     * A line's time: it starts with {@code 2026-11-27 10:15:00} or {@code 2026-11-27T10:15:00}, maybe with a fraction and
     * a {@code Z} or offset. Lines without one inherit the previous.
     */
    private static final Pattern STAMP = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2})(?:[.,]\\d+)?(Z|[+-]\\d{2}:?\\d{2})?");
    private static final long POLL_MILLIS = 200;
    /** How many of the last bytes read are checked again, to notice a file truncated and refilled between two polls. */
    private static final int MARK_BYTES = 64;

    private LogStreamer() {
    }

    public static void stream(List<Path> files, LogQuery query, OutputStream out, BooleanSupplier keepFollowing)
            throws IOException {
        Path live = files.get(files.size() - 1);
        long position = sizeOf(live);
        Deque<String> selected = new ArrayDeque<>();
        Instant lineTime = Instant.MIN;
        ZoneId hostZone = ZoneId.systemDefault();
        for (Path file : files) {
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = readLines(file, file == live ? position : Files.size(file));
            for (String line : lines) {
                lineTime = timeOf(line, lineTime, hostZone);
                if (query.since().isPresent() && lineTime.isBefore(query.since().get())) {
                    continue;
                }
                selected.addLast(line);
                if (query.tail().isPresent() && selected.size() > query.tail().getAsInt()) {
                    selected.removeFirst();
                }
            }
        }
        for (String line : selected) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        if (query.follow()) {
            follow(live, position, out, keepFollowing);
        }
    }

    private static void follow(Path live, long position, OutputStream out, BooleanSupplier keepFollowing) throws IOException {
        StringBuilder partial = new StringBuilder();
        byte[] mark = lastBytes(live, position);
        while (keepFollowing.getAsBoolean()) {
            long size = sizeOf(live);
            // Rotated (copied aside and truncated): the file is shorter, or what we read last is no longer there.
            if (size < position || !Arrays.equals(mark, read(live, position - mark.length, position))) {
                position = 0;
                mark = new byte[0];
                partial.setLength(0);
            }
            if (size > position) {
                byte[] fresh = read(live, position, size);
                position += fresh.length; // less than asked when the file was truncated meanwhile
                mark = lastBytes(live, position);
                partial.append(new String(fresh, StandardCharsets.UTF_8));
                int lastNewline = partial.lastIndexOf("\n");
                if (lastNewline >= 0) {
                    out.write(partial.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8));
                    partial.delete(0, lastNewline + 1);
                    out.flush(); // throws once the reader has gone: that ends the loop
                }
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static long sizeOf(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private static byte[] lastBytes(Path file, long position) throws IOException {
        return read(file, Math.max(0, position - MARK_BYTES), position);
    }

    /**
     * @param writersZone the zone of stamps without an offset: the manager and the services it starts as processes
     *                    write their local time, the host's zone
     */
    static Instant timeOf(String line, Instant previous, ZoneId writersZone) {
        Matcher m = STAMP.matcher(line);
        if (!m.find()) {
            return previous;
        }
        try {
            LocalDateTime local = LocalDateTime.parse(m.group(1) + "T" + m.group(2));
            ZoneId zone = m.group(3) == null ? writersZone : ZoneOffset.of(m.group(3));
            return local.atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return previous;
        }
    }

    private static List<String> readLines(Path file, long upTo) throws IOException {
        String text = new String(read(file, 0, upTo), StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return List.of();
        }
        String[] parts = text.split("\n", -1);
        // a text ending in a newline leaves an empty last part that is no line
        return List.of(parts).subList(0, text.endsWith("\n") ? parts.length - 1 : parts.length);
    }

    /** The bytes from {@code from} up to {@code to}, or fewer when the file is shorter, even if it shrinks while read. */
    private static byte[] read(Path file, long from, long to) throws IOException {
        from = Math.max(0, from);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = Math.min(to, raf.length());
            if (end <= from) {
                return new byte[0];
            }
            byte[] bytes = new byte[(int) (end - from)];
            raf.seek(from);
            int filled = 0;
            for (int n; filled < bytes.length && (n = raf.read(bytes, filled, bytes.length - filled)) > 0; ) {
                filled += n;
            }
            return filled == bytes.length ? bytes : Arrays.copyOf(bytes, filled);
        } catch (NoSuchFileException | FileNotFoundException e) {
            return new byte[0]; // rotated away between two looks: nothing to read now
        }
    }
}
