package io.daeploy.maven;

import io.daeploy.common.Notification;
import io.daeploy.common.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NotificationTableTest {

    private static final Instant EARLY = Instant.parse("2024-05-01T09:08:07.123Z");
    private static final Instant LATE = Instant.parse("2024-05-02T23:59:59Z");

    private static Notification notification(long id, String service, String version, String message,
                                             Severity severity, long count, Instant lastSeen) {
        return new Notification(id, service, version, message, severity, List.of(), 0, count, EARLY, lastSeen);
    }

    @Test
    void emptyListShowsHeaderAndNoNotifications() {
        assertEquals(List.of("SEVERITY  SERVICE  VERSION  COUNT  LAST SEEN  MESSAGE", "(no notifications)"),
                     NotificationTable.format(List.of()));
    }

    @Test
    void columnsAreAlignedAndTheNewestComesFirst() {
        List<String> lines = NotificationTable.format(List.of(
                notification(1, "yatzee", "1.0.0", "YATZEE!!!", Severity.INFO, 2, EARLY),
                notification(2, "die_roller", "1.0.1-rc.1", "Disk almost full", Severity.WARNING, 12, LATE)));
        assertEquals(List.of(
                "SEVERITY  SERVICE     VERSION     COUNT  LAST SEEN            MESSAGE",
                "WARNING   die_roller  1.0.1-rc.1  12     2024-05-02 23:59:59  Disk almost full",
                "INFO      yatzee      1.0.0       2      2024-05-01 09:08:07  YATZEE!!!"), lines);
    }

    @Test
    void timesAreShownInUtcWhateverTheOffsetTheyCameWith() {
        Instant sameMoment = java.time.OffsetDateTime.parse("2024-05-02T01:59:59+02:00").toInstant();
        List<String> lines = NotificationTable.format(List.of(
                notification(1, "yatzee", "1.0.0", "YATZEE!!!", Severity.INFO, 1, sameMoment)));
        assertEquals("INFO      yatzee   1.0.0    1      2024-05-01 23:59:59  YATZEE!!!", lines.get(1));
    }

    @Test
    void theManagersOwnNotificationsHaveADashForTheVersion() {
        List<String> lines = NotificationTable.format(List.of(
                notification(1, "manager", "", "hello 1.0.0 crashed", Severity.CRITICAL, 1, LATE)));
        assertEquals("CRITICAL  manager  -        1      2024-05-02 23:59:59  hello 1.0.0 crashed", lines.get(1));
    }

    @Test
    void aMessageOverSeveralLinesStaysOnOneRow() {
        List<String> lines = NotificationTable.format(List.of(
                notification(1, "yatzee", "1.0.0", "first line\n  second line\r\nthird\n", Severity.INFO, 1, LATE)));
        assertEquals(2, lines.size());
        assertEquals("INFO      yatzee   1.0.0    1      2024-05-02 23:59:59  first line second line third", lines.get(1));
    }

    @Test
    void unknownTimesGoLastAndShowADash() {
        List<String> lines = NotificationTable.format(List.of(
                notification(1, "a", "1.0.0", "never seen", Severity.INFO, 1, null),
                notification(2, "b", "1.0.0", "seen", Severity.INFO, 1, EARLY)));
        assertEquals("INFO      b        1.0.0    1      2024-05-01 09:08:07  seen", lines.get(1));
        assertEquals("INFO      a        1.0.0    1      -                    never seen", lines.get(2));
    }
}
