package io.daeploy.manager.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.manager.core.rollout.RolloutPlan;
import io.daeploy.manager.core.rollout.Rollouts;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.core.compare.ComparisonRule;
import io.daeploy.manager.http.JsonFields;
import io.daeploy.manager.http.JsonResponses;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.daeploy.manager.http.JsonFields.number;
import static io.daeploy.manager.http.JsonFields.text;
import static io.daeploy.manager.http.JsonFields.whole;

/**
 * {@code /services/~rollout}: start a rollout ({@code POST}, the plan's fields optional), see where it is ({@code GET}),
 * pause, resume or abort it ({@code PUT} with an action).
 */
public final class RolloutApi implements HttpService {

    private static final Set<String> FIELDS = Set.of("name", "version", "shadowMinCopies", "shadowMatchPercent", "weights",
            "intervalSeconds", "minRequests", "maxErrorPercent", "maxLatencyFactor", "minMatchPercent", "failedChecks",
            "onPromotion", "onRollback", "ignore", "detectNoise", "sticky");
    private static final String EXAMPLE = "{\"name\": \"hello\", \"version\": \"2.0.0\"}";

    private final Rollouts rollouts;

    public RolloutApi(Rollouts rollouts) {
        this.rollouts = rollouts;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/~rollout", this::start)
                .get("/~rollout", this::status)
                .put("/~rollout", this::act);
    }

    private void start(ServerRequest req, ServerResponse res) {
        JsonNode body = JsonFields.object(req, FIELDS, EXAMPLE);
        RolloutPlan defaults = RolloutPlan.DEFAULTS;
        RolloutPlan plan = new RolloutPlan(
                whole(body, "shadowMinCopies", defaults.shadowMinCopies()),
                number(body, "shadowMatchPercent", defaults.shadowMatchPercent()),
                weights(body, defaults.weights()),
                Duration.ofSeconds(whole(body, "intervalSeconds", (int) defaults.interval().toSeconds())),
                whole(body, "minRequests", defaults.minRequests()),
                number(body, "maxErrorPercent", defaults.maxErrorPercent()),
                number(body, "maxLatencyFactor", defaults.maxLatencyFactor()),
                number(body, "minMatchPercent", defaults.minMatchPercent()),
                whole(body, "failedChecks", defaults.failedChecks()),
                afterwards(body, "onPromotion"),
                afterwards(body, "onRollback"),
                JsonFields.bool(body, "sticky").orElse(defaults.sticky()));
        String name = text(body, "name");
        Optional<ComparisonRule> comparison = body.has("ignore") || body.has("detectNoise")
                ? Optional.of(ComparisonApi.rule(name, body, rollouts.comparisons().ruleOf(name))) : Optional.empty();
        JsonResponses.send(res, Status.CREATED_201, rollouts.start(name, text(body, "version"), plan, comparison));
    }

    private void status(ServerRequest req, ServerResponse res) {
        String name = req.query().first("name").orElseThrow(() -> DomainException.invalid("name is required: ?name=hello"));
        JsonResponses.ok(res, rollouts.status(name));
    }

    /** {@code {"name", "action"}}: pause, resume or abort. */
    private void act(ServerRequest req, ServerResponse res) {
        JsonNode body = JsonFields.object(req, Set.of("name", "action"), "{\"name\": \"hello\", \"action\": \"pause\"}");
        String name = text(body, "name");
        String action = text(body, "action");
        JsonResponses.ok(res, switch (action) {
            case "pause" -> rollouts.pause(name);
            case "resume" -> rollouts.resume(name);
            case "abort" -> rollouts.abort(name);
            default -> throw DomainException.invalid("Field action: pause, resume or abort, got '" + action + "'");
        });
    }

    private static List<Integer> weights(JsonNode body, List<Integer> fallback) {
        JsonNode value = body.get("weights");
        if (value == null) {
            return fallback;
        }
        if (!value.isArray()) {
            throw DomainException.invalid("Field weights: must be a list of percentages, got " + value);
        }
        List<Integer> weights = new ArrayList<>();
        for (JsonNode weight : value) {
            if (!weight.isIntegralNumber() || !weight.canConvertToInt()) {
                throw DomainException.invalid("Field weights: must be whole percentages, got " + value);
            }
            weights.add(weight.intValue());
        }
        return weights;
    }

    /** {@code "shadow"} (the default: the version stays, as a shadow) or {@code "kill"}. */
    private static boolean afterwards(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null) {
            return false;
        }
        return switch (value.asText()) {
            case "shadow" -> false;
            case "kill" -> true;
            default -> throw DomainException.invalid("Field " + field + ": shadow or kill, got " + value);
        };
    }
}
