package io.daeploy.testsupport.openapi;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a fuzzing run saw.
 *
 * @param tried    inputs sent, per operation
 * @param accepted of those, answered with a 2xx, per operation (valid inputs reached the code)
 * @param findings answers that break the document, each with the request that caused it
 */
public record FuzzReport(Map<String, Integer> tried, Map<String, Integer> accepted, List<String> findings) {

    public FuzzReport {
        tried = new TreeMap<>(tried);
        accepted = new TreeMap<>(accepted);
        findings = List.copyOf(findings);
    }

    /** One line per operation: inputs tried, and how many were accepted. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        tried.forEach((operation, count) -> text.append(String.format("  %-60s %5d tried, %5d accepted%n", operation, count,
                accepted.getOrDefault(operation, 0))));
        return text.toString();
    }

    /** The first findings, for an assertion's message. */
    public String firstFindings() {
        return findings.size() + " findings:\n" + String.join("\n", findings.subList(0, Math.min(20, findings.size())));
    }
}
