package io.daeploy.examples.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.daeploy.common.NotificationRequest;
import io.daeploy.common.Severity;
import io.daeploy.sdk.testing.DaeployTestService;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The notifications the manager receives, through the harness's stand-in manager. */
class TemperatureAlarmTest {

    @RegisterExtension
    static DaeployTestService alarm = DaeployTestService.of(new TemperatureAlarm());

    @Test
    void normalReadingRaisesNothing() {
        var verdict = alarm.post("report", Map.of("sensor", "greenhouse", "celsius", 21.5)).as(TemperatureAlarm.Verdict.class);

        assertEquals(TemperatureAlarm.Level.NORMAL, verdict.level());
        assertTrue(alarm.notifications().isEmpty());
    }

    @Test
    void warmReadingRaisesAWarningOnTheDashboardOnly() {
        var verdict = alarm.post("report", Map.of("sensor", "greenhouse", "celsius", 33)).as(TemperatureAlarm.Verdict.class);

        assertEquals(TemperatureAlarm.Level.WARNING, verdict.level());
        assertTrue(verdict.notified());
        NotificationRequest notification = alarm.notifications().getFirst();
        assertEquals(Severity.WARNING, notification.severity());
        assertEquals("greenhouse reads 33.0 °C, above 30.0 °C", notification.message());
        assertEquals(List.of(), notification.emails());
    }

    @Test
    void criticalReadingIsEmailedAtMostEveryTenMinutes() {
        assertEquals(200, alarm.setParameter("emails", List.of("ops@example.com")).status());

        alarm.post("report", Map.of("sensor", "boiler", "celsius", 45));

        NotificationRequest notification = alarm.notifications().getFirst();
        assertEquals(Severity.CRITICAL, notification.severity());
        assertEquals(List.of("ops@example.com"), notification.emails());
        assertEquals(600, notification.timerSeconds());
        alarm.setParameter("emails", List.of());
    }

    @Test
    void thresholdsAreParameters() {
        alarm.setParameter("warningAbove", 20.0);
        try {
            alarm.post("report", Map.of("sensor", "greenhouse", "celsius", 21.5));

            assertEquals(1, alarm.notifications().size());
        } finally {
            alarm.setParameter("warningAbove", 30.0);
        }
    }

    @Test
    void readingsNoSensorCouldMakeAre422() {
        assertEquals(422, alarm.post("report", "{\"sensor\": null, \"celsius\": 20}").status());
        assertEquals(422, alarm.post("report", "{\"sensor\": \"boiler\", \"celsius\": 1e400}").status());
        assertEquals(422, alarm.post("report", Map.of("sensor", "boiler", "celsius", -300)).status());
        assertEquals(422, alarm.setParameter("criticalAbove", "").status());
        assertEquals(422, alarm.setParameter("emails", java.util.Arrays.asList((String) null)).status());
    }
}
