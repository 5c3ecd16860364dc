package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.daeploy.common.Json;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.Notification;
import io.daeploy.common.NotificationRequest;
import io.daeploy.common.Severity;
import io.daeploy.common.ServiceVersion;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Notifications on a real manager process, with e-mail to a real SMTP server (GreenMail) on loopback. */
class NotificationsIT {

    private static GreenMail smtp;
    private static ManagerProcess manager;
    private static ManagerClient client;

    @BeforeAll
    static void start() {
        int smtpPort = ManagerProcess.freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        manager = ManagerProcess.start("notifications", ManagerProcess.env(
                "DAEPLOY_SMTP_HOST", "127.0.0.1", "DAEPLOY_SMTP_PORT", Integer.toString(smtpPort),
                "DAEPLOY_SMTP_FROM", "daeploy@test.local",
                // on a machine where services cannot be isolated the manager raises a notice at every start, which
                // would take an id between the kill and the restart of idsCountOnAcrossAManagerKilledWith9
                "DAEPLOY_SERVICE_ISOLATION", "off"));
        client = manager.client();
    }

    @AfterAll
    static void stop() {
        manager.close();
        smtp.stop();
    }

    @BeforeEach
    void clean() throws Exception {
        client.clearNotifications();
        smtp.purgeEmailFromAllMailboxes();
    }

    private static Notification raise(String message, Severity severity, List<String> emails, long timer) {
        return client.notify(new NotificationRequest("yatzee", "1.0.0", message, severity, emails, timer));
    }

    @Test
    void idsCountOnAcrossAManagerKilledWith9() {
        long before = raise("before the kill", Severity.INFO, List.of(), 0).id();
        manager.kill9();
        manager.restart();
        assertEquals(before + 1, raise("after the kill", Severity.INFO, List.of(), 0).id(), "no gap in the ids a user sees");
    }

    @Test
    void theSameNotificationCountsUpAndTheListIsNewestFirst() {
        Notification first = raise("YATZEE!!!", Severity.INFO, List.of(), 0);
        assertEquals(1, first.count());
        raise("Something else", Severity.WARNING, List.of(), 0);
        Notification again = raise("YATZEE!!!", Severity.INFO, List.of(), 0);
        assertEquals(first.id(), again.id());
        assertEquals(2, again.count());
        assertTrue(!again.lastSeen().isBefore(first.lastSeen()));
        assertEquals(first.firstSeen(), again.firstSeen());

        List<Notification> all = client.notifications();
        assertEquals(List.of("YATZEE!!!", "Something else"), all.stream().map(Notification::message).toList());
        assertEquals(2, all.get(0).count());
        assertEquals("yatzee", all.get(0).serviceName());
        assertEquals("1.0.0", all.get(0).serviceVersion());

        assertEquals(2, client.clearNotifications());
        assertTrue(client.notifications().isEmpty());
    }

    @Test
    void badNotificationsAre422NamingEveryField() throws Exception {
        HttpResponse<String> res = Http.postJson(manager.url().resolve("/notifications/"),
                "{\"serviceName\":\"yatzee\",\"severity\":\"LOUD\",\"emails\":[\"not-an-address\"],\"timerSeconds\":-1}");
        assertEquals(422, res.statusCode(), res.body());
        JsonNode detail = Json.mapper().readTree(res.body()).get("detail");
        List<String> fields = new java.util.ArrayList<>();
        detail.forEach(p -> fields.add(p.at("/loc/1").asText()));
        assertEquals(List.of("serviceVersion", "message", "severity", "emails", "timerSeconds"), fields, res.body());

        String tooLong = "d".repeat(64);
        HttpResponse<String> longName = Http.postJson(manager.url().resolve("/notifications/"),
                "{\"serviceName\":\"" + tooLong + "\",\"serviceVersion\":\"1.0.0-" + "a".repeat(60)
                        + "\",\"message\":\"m\",\"severity\":\"INFO\"}");
        assertEquals(422, longName.statusCode(), "longer than the database's columns: " + longName.body());
        List<String> longFields = new java.util.ArrayList<>();
        Json.mapper().readTree(longName.body()).get("detail").forEach(p -> longFields.add(p.at("/loc/1").asText()));
        assertEquals(List.of("serviceName", "serviceVersion"), longFields, longName.body());

        HttpResponse<String> malformed = Http.postJson(manager.url().resolve("/notifications/"), "{\"message\":");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertTrue(client.notifications().isEmpty(), "nothing stored");
    }

    @Test
    void anEmailGoesOutOncePerTimerWindowWithWhatHappened() throws Exception {
        raise("Disk almost full", Severity.WARNING, List.of("ops@example.com"), 3600);
        raise("Disk almost full", Severity.WARNING, List.of("ops@example.com"), 3600);
        assertTrue(smtp.waitForIncomingEmail(10_000, 1));
        ManagerProcess.sleep(1000);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(1, received.length, "the second raise is inside the timer window");
        String subject = received[0].getSubject();
        String body = GreenMailUtil.getBody(received[0]);
        assertTrue(subject.contains("WARNING") && subject.contains("yatzee") && subject.contains("1.0.0")
                && subject.contains("Disk almost full"), subject);
        assertTrue(body.contains("yatzee") && body.contains("1.0.0") && body.contains("Disk almost full"), body);
        assertEquals("ops@example.com", received[0].getAllRecipients()[0].toString());
    }

    @Test
    void onceTheTimerWindowHasPassedTheNextRaiseIsEmailedAgain() throws Exception {
        long timerSeconds = 2;
        raise("Queue is long", Severity.WARNING, List.of("ops@example.com"), timerSeconds);
        Instant firstSent = Instant.now();
        raise("Queue is long", Severity.WARNING, List.of("ops@example.com"), timerSeconds);
        assertTrue(smtp.waitForIncomingEmail(10_000, 1));
        ManagerProcess.sleep(500);
        assertEquals(1, smtp.getReceivedMessages().length, "the second raise is inside the window");

        Duration leftOfWindow = Duration.between(Instant.now(), firstSent.plusSeconds(timerSeconds).plusMillis(300));
        ManagerProcess.sleep(Math.max(0, leftOfWindow.toMillis()));
        Notification third = raise("Queue is long", Severity.WARNING, List.of("ops@example.com"), timerSeconds);
        assertEquals(3, third.count());
        assertTrue(smtp.waitForIncomingEmail(10_000, 2), "the raise after the window is e-mailed");
        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(2, received.length);
        assertTrue(GreenMailUtil.getBody(received[1]).contains("Seen 3 time(s)"), GreenMailUtil.getBody(received[1]));
    }

    @Test
    void withoutATimerEveryRaiseIsEmailed() {
        raise("Every time", Severity.CRITICAL, List.of("a@example.com"), 0);
        raise("Every time", Severity.CRITICAL, List.of("a@example.com"), 0);
        assertTrue(smtp.waitForIncomingEmail(10_000, 2));
    }

    @Test
    void notificationsSurviveAManagerRestart() {
        raise("Remember me", Severity.INFO, List.of(), 0);
        raise("Remember me", Severity.INFO, List.of(), 0);
        manager.stop();
        manager.restart();
        Notification kept = client.notifications().stream().filter(n -> n.message().equals("Remember me"))
                .findFirst().orElseThrow();
        assertEquals(2, kept.count());
    }

    @Test
    void theManagerRaisesItsOwnWhenAServiceFailsToStart() {
        ServiceVersion broken = client.deploy("broken", "1.0.0", Map.of("FIXTURE_FAIL_AT_START", "true"), FixtureApp.zip());
        assertEquals("failed", broken.status());
        Notification raised = client.notifications().stream().filter(n -> n.serviceName().equals("broken"))
                .findFirst().orElseThrow();
        assertEquals(Severity.CRITICAL, raised.severity());
        assertEquals("1.0.0", raised.serviceVersion());
        assertTrue(raised.message().contains("exited with code 3"), raised.message());
        client.kill("broken", "1.0.0");
    }

    @Test
    void aMailServerThatFailsBecomesAManagerNotificationNotAFailedNotify() {
        try (ManagerProcess noSmtp = ManagerProcess.start("notifications-nosmtp", ManagerProcess.env(
                "DAEPLOY_SMTP_HOST", "127.0.0.1", "DAEPLOY_SMTP_PORT", Integer.toString(ManagerProcess.freePort())))) {
            ManagerClient c = noSmtp.client();
            Notification raised = c.notify(new NotificationRequest("yatzee", "1.0.0", "Mail me", Severity.INFO,
                    List.of("a@example.com"), 0));
            assertEquals(1, raised.count());
            Instant end = Instant.now().plus(Duration.ofSeconds(20));
            while (Instant.now().isBefore(end)) {
                if (c.notifications().stream().anyMatch(n -> n.serviceName().equals("manager")
                        && n.severity() == Severity.WARNING && n.message().contains("could not be sent"))) {
                    return;
                }
                ManagerProcess.sleep(200);
            }
            fail("no manager notification about the failed e-mail: " + c.notifications());
        }
    }
}
