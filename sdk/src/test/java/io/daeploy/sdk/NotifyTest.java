package io.daeploy.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;

import io.daeploy.common.Json;
import io.daeploy.common.Severity;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Daeploy.notify against a stand-in manager that records what it receives. */
class NotifyTest {

    private static StandInManager manager;

    private ManagerConnection previous;

    @BeforeAll
    static void start() {
        manager = new StandInManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @BeforeEach
    void connect() {
        // As the manager starts a service: its URL, name and version in the environment.
        previous = Daeploy.useConnection(ManagerConnection.fromEnvironment(Map.of(
                "DAEPLOY_MANAGER_URL", manager.uri().toString(),
                "DAEPLOY_SERVICE_NAME", "yatzee",
                "DAEPLOY_SERVICE_VERSION", "1.0.0")));
        manager.forget();
        manager.answerNotificationsWith(201);
    }

    @AfterEach
    void restore() {
        Daeploy.useConnection(previous);
    }

    @Test
    void postsTheNotificationShape() throws IOException {
        assertTrue(Daeploy.notify("YATZEE!!!", Severity.INFO));

        StandInManager.Received request = manager.last();
        assertEquals("POST", request.method());
        assertEquals("/notifications/", request.path());
        assertEquals("application/json", request.contentType());
        assertEquals(Json.mapper().readTree("""
                {"serviceName": "yatzee", "serviceVersion": "1.0.0", "message": "YATZEE!!!",
                 "severity": "INFO", "emails": [], "timerSeconds": 0}"""), Json.mapper().readTree(request.body()));
    }

    @Test
    void emailsAndTimerAreSent() throws IOException {
        assertTrue(Daeploy.notify("Disk almost full", Severity.WARNING, List.of("ops@example.com"), Duration.ofMinutes(10)));

        JsonNode body = Json.mapper().readTree(manager.last().body());
        assertEquals("WARNING", body.get("severity").asText());
        assertEquals(List.of("ops@example.com"), List.of(body.get("emails").get(0).asText()));
        assertEquals(600, body.get("timerSeconds").asLong());
    }

    @Test
    void tokenIsSentAsBearerAuthorization() {
        Daeploy.useConnection(Daeploy.connection().withToken("s3cret"));

        Daeploy.notify("hello", Severity.INFO);

        assertEquals("Bearer s3cret", manager.last().authorization());
    }

    @Test
    void refusedNotificationIsLoggedAndAnswersFalse() {
        manager.answerNotificationsWith(500);

        try (LogCapture log = new LogCapture("io.daeploy.sdk.Daeploy")) {
            assertFalse(Daeploy.notify("Disk almost full", Severity.CRITICAL));

            assertEquals(List.of("Notification not raised (CRITICAL \"Disk almost full\"): the manager answered 500:"
                    + " the notification store is down"), log.at(Level.WARNING));
        }
    }

    @Test
    void unreachableManagerIsLoggedAndAnswersFalse() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Daeploy.useConnection(ManagerConnection.to(URI.create("http://127.0.0.1:" + closedPort)));

        try (LogCapture log = new LogCapture("io.daeploy.sdk.Daeploy")) {
            assertFalse(Daeploy.notify("hello", Severity.INFO));

            assertEquals(List.of("Notification not raised (INFO \"hello\"): cannot reach the Daeploy manager at"
                    + " http://127.0.0.1:" + closedPort + " (connection refused)"), log.at(Level.WARNING));
        }
    }

    @Test
    void argumentsAreCheckedBeforeAnythingIsSent() {
        assertArgumentProblem("message", () -> Daeploy.notify(" ", Severity.INFO));
        assertArgumentProblem("severity", () -> Daeploy.notify("hello", null));
        assertArgumentProblem("emails", () -> Daeploy.notify("hello", Severity.INFO, List.of("ops at example"), Duration.ZERO));
        assertArgumentProblem("timer", () -> Daeploy.notify("hello", Severity.INFO, List.of(), Duration.ofSeconds(-1)));

        assertTrue(manager.received().isEmpty());
    }

    @Test
    void withoutManagerTheNotificationIsLoggedAndAnswersFalse() {
        Daeploy.useConnection(ManagerConnection.fromEnvironment(Map.of()));

        try (LogCapture log = new LogCapture("io.daeploy.sdk.Daeploy")) {
            assertFalse(Daeploy.notify("hello", Severity.WARNING));

            assertEquals(List.of("Notification not raised (WARNING \"hello\"): no Daeploy manager, DAEPLOY_MANAGER_URL"
                    + " is not set"), log.at(Level.WARNING));
        }
    }

    private static void assertArgumentProblem(String argument, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(argument), e.getMessage());
    }
}
