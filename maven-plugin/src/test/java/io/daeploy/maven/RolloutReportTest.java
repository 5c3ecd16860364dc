package io.daeploy.maven;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RolloutReportTest {

    @Test
    void aCanaryStepShowsItsWindowAgainstTheThresholdsAndItsHistory() throws Exception {
        JsonNode status = Json.mapper().readTree("""
                {"name":"hello","version":"2.0.0","previousMain":"1.0.0","phase":"canary","step":2,"steps":4,"weight":25,
                 "paused":false,"failedChecks":1,"reason":null,
                 "window":{"since":"2026-12-06T12:00:00Z",
                           "candidate":{"requests":60,"errorPercent":1.666,"p99Ms":24.85,"compared":0,"matchPercent":100},
                           "main":{"requests":180,"errorPercent":0,"p99Ms":null,"compared":0,"matchPercent":100}},
                 "lastJudgement":{"checks":[{"name":"error rate %","measured":1.666,"threshold":1.0,"passed":false}]},
                 "history":[{"at":"2026-12-06T11:59:00Z","event":"started","detail":"canary step 1 of 4: 5 %"}]}
                """);
        assertEquals(List.of(
                "Rollout of hello 2.0.0 (from 1.0.0): canary step 2 of 4, 25 % of the requests, 1 failed checks",
                "  window since 2026-12-06T12:00:00Z: candidate 60 requests, 1.7 % errors, p99 24.9 ms; main 180 requests, 0.0 % errors, p99 n/a",
                "  error rate % 1.666 against 1.0 (failed)",
                "  2026-12-06T11:59:00Z started: canary step 1 of 4: 5 %"), RolloutReport.format(status));
    }

    @Test
    void anEndedRolloutSaysWhy() throws Exception {
        JsonNode status = Json.mapper().readTree("""
                {"name":"hello","version":"2.0.0","previousMain":"1.0.0","phase":"rolled_back","step":1,"steps":4,"weight":0,
                 "paused":false,"failedChecks":2,"reason":"rolled back after 2 failed checks; the last: error rate % 10.0 beyond 1.0",
                 "comparison":{"ignore":["/at"],"detectNoise":true,"learnedNoise":["/serial","/items/*/ts"]},
                 "history":[]}
                """);
        assertEquals(List.of("Rollout of hello 2.0.0 (from 1.0.0): rolled back, 2 failed checks",
                "  rolled back after 2 failed checks; the last: error rate % 10.0 beyond 1.0",
                "  answers compared ignoring /at; noise learned from the main: /serial, /items/*/ts"), RolloutReport.format(status));
    }
}
