package io.daeploy.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.daeploy.common.ManagerClient;
import io.daeploy.common.ManagerException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's hosts, as the original's {@code daeploy login} with several hosts: two real managers, one with
 * authentication and one without, and real {@code mvn daeploy:...} runs on a state file of the test's own (never the
 * user's {@code ~/.daeploy}). The numbered choice at a terminal is HostChoiceTest's: Maven runs here are batch runs.
 */
class HostsIT {

    private static final String ADMIN_PASSWORD = "hosts admin password";

    private static ManagerProcess guarded;
    private static ManagerProcess open;
    private static String guardedUrl;
    private static String openUrl;
    private static Path work;
    private static Path config;
    private static Map<String, String> userEnv;

    @BeforeAll
    static void start() {
        guarded = ManagerProcess.start("hosts-guarded", ManagerProcess.env("DAEPLOY_AUTH_ENABLED", "true",
                "DAEPLOY_ADMIN_PASSWORD", ADMIN_PASSWORD));
        guarded.useClient(new ManagerClient(guarded.url(),
                new ManagerClient(guarded.url(), null, Duration.ofSeconds(30)).login("admin", ADMIN_PASSWORD),
                Duration.ofSeconds(120)));
        open = ManagerProcess.start("hosts-open", Map.of());
        guardedUrl = guarded.url().toString();
        openUrl = open.url().toString();
        work = TestPaths.newWorkDir("hosts-user");
        config = work.resolve("config.json");
        userEnv = Map.of("DAEPLOY_CONFIG", config.toString());
    }

    @AfterAll
    static void stop() {
        if (guarded != null) {
            guarded.close();
        }
        if (open != null) {
            open.close();
        }
    }

    @Test
    void twoHostsAreKnownAtOnceAndForgottenOneByOne() throws IOException {
        // a manager without authentication: no credentials needed, it only has to answer
        List<String> openLogin = goalLines(goal("login", "-Ddaeploy.host=" + openUrl).requireSuccess());
        assertEquals("Active host: " + openUrl, openLogin.get(0), "the first line of the goal: " + openLogin);
        assertTrue(openLogin.get(1).startsWith("Changed host to " + openUrl + " (manager "), openLogin.toString());
        assertTrue(openLogin.get(1).endsWith(", which has no authentication"), openLogin.toString());

        goal("login", "-Ddaeploy.host=" + guardedUrl, "-Ddaeploy.username=admin", "-Ddaeploy.password=" + ADMIN_PASSWORD)
                .requireSuccess();
        String guardedToken = stored().path("accessTokens").path(guardedUrl).asText();
        assertFalse(guardedToken.isEmpty(), "a token kept for the manager with authentication");

        // both known, the last login active, whether a token is kept but never the token
        MavenRun.Result hosts = goal("hosts").requireSuccess();
        List<String> table = goalLines(hosts);
        assertEquals(List.of("ACTIVE", "HOST", "TOKEN"), List.of(table.get(0).split("\\s+")), table.toString());
        assertTrue(table.contains(row("*", guardedUrl, "kept")), table.toString());
        assertTrue(table.contains(row("", openUrl, "none")), table.toString());
        assertEquals(3, table.size(), "hosts talks to no manager, so no Active host line: " + table);
        assertFalse(hosts.output().contains(guardedToken), "the token itself is never shown");

        assertEquals("Active host: " + guardedUrl, goalLines(goal("ls").requireSuccess()).get(0));

        // the other host for one run, with its own (lack of a) token, changes nothing stored
        assertEquals("Active host: " + openUrl, goalLines(goal("ls", "-Ddaeploy.host=" + openUrl).requireSuccess()).get(0));
        assertEquals(guardedUrl, stored().path("activeHost").asText());

        // a host where nothing listens: a clear failure naming it and why, and nothing recorded
        byte[] before = Files.readAllBytes(config);
        String nowhere = "http://127.0.0.1:" + ManagerProcess.freePort();
        MavenRun.Result dead = goal("login", "-Ddaeploy.host=" + nowhere);
        assertEquals(1, dead.exitCode(), dead.output());
        assertTrue(dead.output().contains("Cannot log in to " + nowhere + ": connection refused, nothing listens there."
                + " Nothing was recorded"), dead.output());
        assertArrayEquals(before, Files.readAllBytes(config), "the state file is untouched");

        // switch back by URL: the open manager needs nothing, the guarded one keeps its token
        goal("login", "-Ddaeploy.host=" + openUrl).requireSuccess();
        assertEquals("Active host: " + openUrl, goalLines(goal("ls").requireSuccess()).get(0));
        assertEquals(guardedToken, stored().path("accessTokens").path(guardedUrl).asText());

        // login without a host in batch mode asks nothing (stdin is /dev/null here) and takes the active host
        List<String> again = goalLines(goal("login").requireSuccess());
        assertEquals("Active host: " + openUrl, again.get(0));
        assertTrue(again.get(1).startsWith("Changed host to " + openUrl), again.toString());

        // logging out of one host forgets it only: its token, ended on its manager too, and its entry
        MavenRun.Result logout = goal("logout", "-Ddaeploy.host=" + guardedUrl).requireSuccess();
        assertTrue(goalLines(logout).contains("Logged out from " + guardedUrl), logout.output());
        ManagerException ended = assertThrows(ManagerException.class,
                () -> new ManagerClient(guarded.url(), guardedToken, Duration.ofSeconds(30)).verify());
        assertEquals(401, ended.status());
        List<String> left = goalLines(goal("hosts").requireSuccess());
        assertEquals(List.of(row("*", openUrl, "none")), left.subList(1, left.size()), left.toString());
        assertEquals("Active host: " + openUrl, goalLines(goal("ls").requireSuccess()).get(0));

        // a host not known: the known ones named, and a failed build
        MavenRun.Result unknown = goal("logout", "-Ddaeploy.host=" + guardedUrl);
        assertEquals(1, unknown.exitCode(), unknown.output());
        assertTrue(unknown.output().contains("Not logged in to " + guardedUrl + ". Known hosts: " + openUrl), unknown.output());

        // the guarded manager without credentials: today's message, nothing recorded
        before = Files.readAllBytes(config);
        MavenRun.Result noCredentials = goal("login", "-Ddaeploy.host=" + guardedUrl);
        assertEquals(1, noCredentials.exitCode(), noCredentials.output());
        assertTrue(noCredentials.output().contains("The manager at " + guardedUrl + " needs a login"), noCredentials.output());
        assertArrayEquals(before, Files.readAllBytes(config));

        // the active host by default; then none is known
        assertTrue(goalLines(goal("logout").requireSuccess()).contains("Logged out from " + openUrl));
        List<String> none = goalLines(goal("hosts").requireSuccess());
        assertEquals(1, none.size(), none.toString());
        assertTrue(none.get(0).startsWith("No hosts known yet"), none.toString());
    }

    private static String row(String active, String host, String token) {
        // the table's columns: ACTIVE is 6 wide, HOST as wide as the longest URL (both URLs differ only in the port)
        int hostWidth = Math.max(guardedUrl.length(), openUrl.length());
        return (String.format("%-6s  %-" + hostWidth + "s  %s", active, host, token)).stripTrailing();
    }

    private static JsonNode stored() throws IOException {
        return new ObjectMapper().readTree(config.toFile());
    }

    private static MavenRun.Result goal(String goal, String... args) {
        List<String> all = new ArrayList<>();
        all.add("io.daeploy:daeploy-maven-plugin:" + TestPaths.projectVersion() + ":" + goal);
        all.addAll(List.of(args));
        return MavenRun.mvn(work, userEnv, all.toArray(String[]::new));
    }

    /** What the goal itself logged, without Maven's lines around it: the text after {@code [INFO] } or {@code [ERROR] }. */
    private static List<String> goalLines(MavenRun.Result result) {
        List<String> lines = result.output().lines().toList();
        int start = 0;
        while (start < lines.size() && !lines.get(start).contains("--- daeploy")) {
            start++;
        }
        List<String> own = new ArrayList<>();
        for (String line : lines.subList(Math.min(start + 1, lines.size()), lines.size())) {
            if (line.startsWith("[INFO] ---") || line.startsWith("[INFO] BUILD") || line.startsWith("[ERROR] Failed")) {
                break;
            }
            own.add(line.replaceFirst("^\\[(INFO|WARNING|ERROR)] ", ""));
        }
        return own;
    }
}
