package io.daeploy.maven;

import io.daeploy.common.ManagerException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManagerErrorsTest {

    private static final String HOST = "http://127.0.0.1:8080";
    private static final ManagerErrors.Subject HELLO = new ManagerErrors.Subject("hello", "1.0.0");

    private static ManagerException answered(int status, String detail) {
        return new ManagerException(status, detail, "The manager answered " + status + ": " + detail, null);
    }

    @Test
    void unreachableSaysHowToStartOrPointElsewhere() {
        ManagerException e = new ManagerException(0, "unreachable", "Cannot reach", new ConnectException("refused"));
        assertEquals("Cannot reach the manager at http://127.0.0.1:8080. Is it running? Start it (see README) or"
                + " pass -Ddaeploy.host=URL.", ManagerErrors.describe(e, HOST, HELLO));
    }

    @Test
    void aNameThatDoesNotResolveIsNotCalledRefused() {
        ConnectException connect = new ConnectException();
        connect.initCause(new java.nio.channels.UnresolvedAddressException());
        ManagerException e = new ManagerException(0, "unreachable", "Cannot reach", connect);
        assertEquals("its host name does not resolve", ManagerErrors.whyUnanswered(e));
        assertEquals("Cannot reach the manager at " + HOST + ": its host name does not resolve. Check the URL, or pass"
                + " -Ddaeploy.host=URL.", ManagerErrors.describe(e, HOST, HELLO));
    }

    @Test
    void whyUnansweredNamesTheCause() {
        assertEquals("connection refused, nothing listens there", ManagerErrors.whyUnanswered(
                new ManagerException(0, "unreachable", "Cannot reach", new ConnectException())));
        assertEquals("no connection could be made in time", ManagerErrors.whyUnanswered(
                new ManagerException(0, "timeout", "did not answer", new java.net.http.HttpConnectTimeoutException("t"))));
        assertEquals("it did not answer in time", ManagerErrors.whyUnanswered(
                new ManagerException(0, "timeout", "did not answer", new HttpTimeoutException("t"))));
    }

    @Test
    void timeoutSuggestsWaitingLonger() {
        ManagerException e = new ManagerException(0, "timeout", "The manager at " + HOST + " did not answer"
                + " POST /services/~deploy within 600 s", new HttpTimeoutException("t"));
        String message = ManagerErrors.describe(e, HOST, HELLO);
        assertTrue(message.startsWith("The manager at " + HOST + " did not answer"), message);
        assertTrue(message.contains("-Ddaeploy.timeout="), message);
    }

    @Test
    void duplicateShowsBothWaysOut() {
        assertEquals("hello 1.0.0 is already deployed on http://127.0.0.1:8080: kill it first (mvn daeploy:kill"
                + " -Ddaeploy.name=hello -Ddaeploy.version=1.0.0 -Ddaeploy.yes) or deploy another version"
                + " (-Ddaeploy.version=...)", ManagerErrors.alreadyDeployed(HOST, HELLO));
    }

    @Test
    void anotherConflictShowsTheManagersWords() {
        String notRunning = "Only a running version can become main; hello 1.0.0 is failed";
        assertEquals(notRunning, ManagerErrors.describe(answered(409, notRunning), HOST, HELLO));
    }

    @Test
    void validationFailuresQuoteTheManagersDetail() {
        for (int status : new int[] {400, 413, 422}) {
            assertEquals("The manager refused hello 1.0.0: file: too large",
                         ManagerErrors.describe(answered(status, "file: too large"), HOST, HELLO));
        }
        assertEquals("The manager refused the request: bad",
                     ManagerErrors.describe(answered(400, "bad"), HOST, ManagerErrors.Subject.NONE));
    }

    @Test
    void notFoundAndForbiddenAreTheDetailAlone() {
        assertEquals("No service hello 9.9.9", ManagerErrors.describe(answered(404, "No service hello 9.9.9"), HOST, HELLO));
        assertEquals("hello 1.0.0 is main and has shadows",
                     ManagerErrors.describe(answered(403, "hello 1.0.0 is main and has shadows"), HOST, HELLO));
    }

    @Test
    void aTokenThatStoppedWorkingSaysLoggedOut() {
        assertEquals("Logged out from http://127.0.0.1:8080, log in again: mvn daeploy:login -Ddaeploy.host=http://127.0.0.1:8080"
                        + " -Ddaeploy.username=<user> (the manager said: Not logged in)",
                     ManagerErrors.describe(answered(401, "Not logged in"), HOST, HELLO));
    }

    @Test
    void serverErrorsNameTheStatus() {
        String message = ManagerErrors.describe(answered(500, "boom"), HOST, HELLO);
        assertEquals("The manager at http://127.0.0.1:8080 failed (HTTP 500): boom", message);
    }

    @Test
    void everyMessageIsOneLine() {
        for (int status : new int[] {0, 400, 401, 403, 404, 409, 413, 422, 500, 503}) {
            String message = ManagerErrors.describe(answered(status, "x"), HOST, HELLO);
            assertFalse(message.contains("\n"), message);
        }
    }
}
