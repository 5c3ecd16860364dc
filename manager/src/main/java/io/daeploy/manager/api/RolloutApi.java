package io.daeploy.manager.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.common.Json;
import io.daeploy.manager.core.rollout.RolloutPlan;
import io.daeploy.manager.core.rollout.Rollouts;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.JsonResponses;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /services/~rollout}: start a rollout ({@code POST}, the plan's fields optional), see where it is ({@code GET}),
 * pause, resume or abort it ({@code PUT} with an action).
 */
public final class RolloutApi implements HttpService {

    private static final Set<String> FIELDS = Set.of("name", "version", "shadowMinCopies", "shadowMatchPercent", "weights",
            "intervalSeconds", "minRequests", "maxErrorPercent", "maxLatencyFactor", "minMatchPercent", "failedChecks",
            "onPromotion", "onRollback");

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
        JsonNode body = body(req);
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw DomainException.invalid("Field " + field + ": not a field of a rollout; the fields are " + FIELDS.stream().sorted().toList());
            }
        });
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
                afterwards(body, "onRollback"));
        JsonResponses.send(res, Status.CREATED_201, rollouts.start(text(body, "name"), text(body, "version"), plan));
    }

    private void status(ServerRequest req, ServerResponse res) {
        String name = req.query().first("name").orElseThrow(() -> DomainException.invalid("name is required: ?name=hello"));
        JsonResponses.ok(res, rollouts.status(name));
    }

    /** {@code {"name", "action"}}: pause, resume or abort. */
    private void act(ServerRequest req, ServerResponse res) {
        JsonNode body = body(req);
        String name = text(body, "name");
        String action = text(body, "action");
        JsonResponses.ok(res, switch (action) {
            case "pause" -> rollouts.pause(name);
            case "resume" -> rollouts.resume(name);
            case "abort" -> rollouts.abort(name);
            default -> throw DomainException.invalid("Field action: pause, resume or abort, got '" + action + "'");
        });
    }

    private static JsonNode body(ServerRequest req) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(req.content().inputStream());
        } catch (IOException e) {
            throw DomainException.malformed("Request body is not valid JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw DomainException.invalid("The body must be a JSON object: {\"name\": \"hello\", \"version\": \"2.0.0\"}");
        }
        return body;
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw DomainException.invalid("Field " + field + ": required, a string");
        }
        return value.asText();
    }

    private static int whole(JsonNode body, String field, int fallback) {
        JsonNode value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw DomainException.invalid("Field " + field + ": must be a whole number, got " + value);
        }
        return value.intValue();
    }

    private static double number(JsonNode body, String field, double fallback) {
        JsonNode value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw DomainException.invalid("Field " + field + ": must be a number, got " + value);
        }
        return value.doubleValue();
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
