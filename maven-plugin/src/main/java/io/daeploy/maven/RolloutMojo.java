package io.daeploy.maven;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mvn daeploy:rollout -Ddaeploy.name=hello -Ddaeploy.version=2.0.0}: the manager brings that version in by
 * itself (a shadow phase, canary steps, then promotion, or a rollback). The plan's settings left out take the
 * manager's defaults; each can be set in the POM's plugin configuration or as a property.
 */
@Mojo(name = "rollout", requiresProject = false, threadSafe = true)
public class RolloutMojo extends AbstractDaeployMojo {

    /** Service name. */
    @Parameter(property = "daeploy.name")
    private String name;

    /** The version to bring in: a running version other than the main. */
    @Parameter(property = "daeploy.version")
    private String version;

    /** Copies the shadow must have compared before the canary steps (0 skips the shadow phase; default 100). */
    @Parameter(property = "daeploy.shadowMinCopies")
    private String shadowMinCopies;

    /** Percent of those copies that must match the main's answers (default 99). */
    @Parameter(property = "daeploy.shadowMatchPercent")
    private String shadowMatchPercent;

    /** The canary's share at each step, comma-separated, ending at 100 (default 5,25,50,100). */
    @Parameter(property = "daeploy.weights")
    private String weights;

    /** Seconds each step holds before it is judged (default 30). */
    @Parameter(property = "daeploy.intervalSeconds")
    private String intervalSeconds;

    /** Requests the canary must answer in a step before it is judged (default 50). */
    @Parameter(property = "daeploy.minRequests")
    private String minRequests;

    /** Highest percent of 5xx answers of the canary (default 1). */
    @Parameter(property = "daeploy.maxErrorPercent")
    private String maxErrorPercent;

    /** Highest ratio of the canary's p99 latency to the main's (default 1.5). */
    @Parameter(property = "daeploy.maxLatencyFactor")
    private String maxLatencyFactor;

    /** Lowest percent of the canary's compared copies matching the main's answers (default 99). */
    @Parameter(property = "daeploy.minMatchPercent")
    private String minMatchPercent;

    /** Failed checks after which the version is rolled back (default 2). */
    @Parameter(property = "daeploy.failedChecks")
    private String failedChecks;

    /** What becomes of the old main on promotion: shadow (default) or kill. */
    @Parameter(property = "daeploy.onPromotion")
    private String onPromotion;

    /** What becomes of the version on rollback: shadow (default) or kill. */
    @Parameter(property = "daeploy.onRollback")
    private String onRollback;

    /**
     * JSON pointers of answer fields whose differences do not count when the version's answers are compared with the
     * main's, comma-separated ({@code /timestamp,/requestId}; a segment {@code *} stands for any key or index); set for
     * the name, kept after the rollout.
     */
    @Parameter(property = "daeploy.ignore")
    private String ignore;

    /**
     * Whether the manager finds noisy fields itself by asking the main a sample of its requests twice (only for
     * entrypoints without side effects).
     */
    @Parameter(property = "daeploy.detectNoise")
    private String detectNoise;

    /** Whether a client that got the new version keeps it for the rest of a step (a cookie); default false. */
    @Parameter(property = "daeploy.sticky")
    private String sticky;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        String service = optional("daeploy.name", name);
        String target = optional("daeploy.version", version);
        if (service == null || target == null) {
            throw new MojoFailureException("Say which version to roll out: mvn daeploy:rollout -Ddaeploy.name=<name>"
                    + " -Ddaeploy.version=<version>");
        }
        Map<String, Object> plan = new LinkedHashMap<>();
        whole(plan, "shadowMinCopies", shadowMinCopies);
        number(plan, "shadowMatchPercent", shadowMatchPercent);
        String steps = optional("daeploy.weights", weights);
        if (steps != null) {
            List<Integer> parsed = new ArrayList<>();
            for (String step : steps.split(",")) {
                parsed.add(parseWhole("daeploy.weights", step.trim()));
            }
            plan.put("weights", parsed);
        }
        whole(plan, "intervalSeconds", intervalSeconds);
        whole(plan, "minRequests", minRequests);
        number(plan, "maxErrorPercent", maxErrorPercent);
        number(plan, "maxLatencyFactor", maxLatencyFactor);
        number(plan, "minMatchPercent", minMatchPercent);
        whole(plan, "failedChecks", failedChecks);
        text(plan, "onPromotion", onPromotion);
        text(plan, "onRollback", onRollback);
        bool(plan, "sticky", sticky);
        bool(plan, "detectNoise", detectNoise);
        String ignored = optional("daeploy.ignore", ignore);
        if (ignored != null) {
            plan.put("ignore", java.util.Arrays.stream(ignored.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList());
        }
        JsonNode started = client().rollout(service, target, plan);
        info(RolloutReport.format(started));
        info(List.of("Follow it with: mvn daeploy:rollout-status -Ddaeploy.name=" + service));
    }

    private void whole(Map<String, Object> plan, String field, String configured) throws MojoFailureException {
        String value = optional("daeploy." + field, configured);
        if (value != null) {
            plan.put(field, parseWhole("daeploy." + field, value));
        }
    }

    private void number(Map<String, Object> plan, String field, String configured) throws MojoFailureException {
        String value = optional("daeploy." + field, configured);
        if (value != null) {
            try {
                plan.put(field, Double.parseDouble(value.trim()));
            } catch (NumberFormatException e) {
                throw new MojoFailureException("-Ddaeploy." + field + " must be a number, got '" + value + "'");
            }
        }
    }

    private void text(Map<String, Object> plan, String field, String configured) {
        String value = optional("daeploy." + field, configured);
        if (value != null) {
            plan.put(field, value.trim());
        }
    }

    private void bool(Map<String, Object> plan, String field, String configured) throws MojoFailureException {
        String value = optional("daeploy." + field, configured);
        if (value != null) {
            String trimmed = value.trim();
            if (!trimmed.equals("true") && !trimmed.equals("false") && !trimmed.isEmpty()) {
                throw new MojoFailureException("-Ddaeploy." + field + " must be true or false, got '" + value + "'");
            }
            plan.put(field, !trimmed.equals("false")); // -Ddaeploy.sticky alone means true
        }
    }

    private static int parseWhole(String property, String value) throws MojoFailureException {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new MojoFailureException("-D" + property + " must be whole numbers, got '" + value + "'");
        }
    }
}
