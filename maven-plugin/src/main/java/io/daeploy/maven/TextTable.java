package io.daeploy.maven;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Rows as lines of left-aligned columns two spaces apart: the shape of every table the goals print. */
final class TextTable {

    private static final String GAP = "  ";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private TextTable() {
    }

    /**
     * Each column is as wide as its widest cell; trailing spaces are stripped, so the last column may be
     * as long as it likes without widening the others.
     */
    static List<String> align(List<List<String>> rows) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>(rows.size());
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    line.append(GAP);
                }
                line.append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length()));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** A time cell: UTC to the second (the manager's clock, whatever the user's zone), or {@code -} when unknown. */
    static String time(Instant instant) {
        return instant == null ? "-" : TIME.format(instant);
    }
}
