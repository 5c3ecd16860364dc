package io.daeploy.maven;

import io.daeploy.common.Notification;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The notifications table of {@code mvn daeploy:notifications}: aligned columns
 * {@code SEVERITY SERVICE VERSION COUNT LAST SEEN MESSAGE}, newest first.
 */
public final class NotificationTable {

    static final String NO_NOTIFICATIONS = "(no notifications)";
    private static final List<String> HEADER = List.of("SEVERITY", "SERVICE", "VERSION", "COUNT", "LAST SEEN", "MESSAGE");

    /** Newest first; ties (and unknown times, last) keep the manager's order. */
    private static final Comparator<Notification> NEWEST_FIRST = Comparator.comparing(Notification::lastSeen,
            Comparator.nullsLast(Comparator.reverseOrder()));

    private NotificationTable() {
    }

    /** The table as lines without trailing spaces; the header and {@value #NO_NOTIFICATIONS} when there are none. */
    public static List<String> format(List<Notification> notifications) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        notifications.stream().sorted(NEWEST_FIRST).forEach(n -> rows.add(cells(n)));
        List<String> lines = new ArrayList<>(TextTable.align(rows));
        if (notifications.isEmpty()) {
            lines.add(NO_NOTIFICATIONS);
        }
        return lines;
    }

    private static List<String> cells(Notification n) {
        return List.of(n.severity() == null ? "-" : n.severity().name(),
                       orDash(n.serviceName()),
                       orDash(n.serviceVersion()), // the manager's own notifications have no version
                       Long.toString(n.count()),
                       TextTable.time(n.lastSeen()),
                       oneLine(n.message()));
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "-" : text;
    }

    /** A message with line breaks would break the table: show it on one line. */
    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
