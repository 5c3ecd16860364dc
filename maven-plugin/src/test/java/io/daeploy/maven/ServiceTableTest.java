package io.daeploy.maven;

import io.daeploy.common.ServiceVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceTableTest {

    private static final Instant T1 = Instant.parse("2024-05-01T09:08:07.123Z");
    private static final Instant T2 = Instant.parse("2024-05-02T23:59:59Z");

    @Test
    void emptyListShowsHeaderAndNoServices() {
        assertEquals(List.of("MAIN  NAME  VERSION  STATUS  SINCE", "(no services)"), ServiceTable.format(List.of()));
    }

    @Test
    void columnsAreAlignedAndMainIsStarred() {
        List<String> lines = ServiceTable.format(List.of(
                new ServiceVersion("die_roller", "1.0.0", true, "running", T1, null, null),
                new ServiceVersion("die_roller", "1.1.0-rc.1", false, "starting", T2, null, null)));
        assertEquals(List.of(
                "MAIN  NAME        VERSION     STATUS    SINCE",
                "*     die_roller  1.0.0       running   2024-05-01 09:08:07",
                "      die_roller  1.1.0-rc.1  starting  2024-05-02 23:59:59"), lines);
    }

    @Test
    void aVersionOfSeveralInstancesAddsReadyOverDesired() {
        List<String> lines = ServiceTable.format(List.of(
                new ServiceVersion("hello", "1.0.0", true, "running", T1, null, null, 3, 2),
                new ServiceVersion("hello", "2.0.0", false, "running", T2, null, null, 1, 1)));
        assertEquals(List.of(
                "MAIN  NAME   VERSION  STATUS   READY  SINCE",
                "*     hello  1.0.0    running  2/3    2024-05-01 09:08:07",
                "      hello  2.0.0    running  1/1    2024-05-02 23:59:59"), lines);
    }

    @Test
    void aNameWithACanaryAddsEachVersionsShareOfTraffic() {
        List<String> lines = ServiceTable.format(List.of(
                new ServiceVersion("hello", "1.0.0", true, "running", T1, null, null, 1, 1, 75),
                new ServiceVersion("hello", "2.0.0", false, "running", T2, null, null, 1, 1, 25),
                new ServiceVersion("hello", "3.0.0", false, "running", T2, null, null, 1, 1, 0)));
        assertEquals(List.of(
                "MAIN  NAME   VERSION  STATUS   SINCE                TRAFFIC",
                "*     hello  1.0.0    running  2024-05-01 09:08:07  75%",
                "      hello  2.0.0    running  2024-05-02 23:59:59  25%",
                "      hello  3.0.0    running  2024-05-02 23:59:59  0%"), lines);
    }

    @Test
    void failedVersionsGetTheirReasonBelowTheTable() {
        List<String> lines = ServiceTable.format(List.of(
                new ServiceVersion("hello", "1.0.0", true, "running", T1, null, null),
                new ServiceVersion("hello", "2.0.0", false, "failed", T2, null, "exited with code 1"),
                new ServiceVersion("hello", "3.0.0", false, "failed", null, null, null)));
        assertEquals(List.of(
                "MAIN  NAME   VERSION  STATUS   SINCE",
                "*     hello  1.0.0    running  2024-05-01 09:08:07",
                "      hello  2.0.0    failed   2024-05-02 23:59:59",
                "      hello  3.0.0    failed   -",
                "hello 2.0.0 failed: exited with code 1",
                "hello 3.0.0 failed: (the manager gave no reason)"), lines);
    }

    @Test
    void rowsAreGroupedByName() {
        List<String> lines = ServiceTable.format(List.of(
                new ServiceVersion("b", "1.0.0", true, "running", T1, null, null),
                new ServiceVersion("a", "2.0.0", true, "running", T1, null, null),
                new ServiceVersion("b", "0.9.0", false, "running", T1, null, null)));
        assertEquals("*     a     2.0.0    running  2024-05-01 09:08:07", lines.get(1));
        assertEquals("*     b     1.0.0    running  2024-05-01 09:08:07", lines.get(2));
        assertEquals("      b     0.9.0    running  2024-05-01 09:08:07", lines.get(3));
    }
}
