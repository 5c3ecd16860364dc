package io.daeploy.manager.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.daeploy.manager.core.compare.ComparisonRule;
import io.daeploy.manager.core.compare.Comparisons;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.JsonFields;
import io.daeploy.manager.http.JsonResponses;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /services/~comparison}: how a name's shadows and canary are compared with its main ({@code PUT}
 * {@code {"name", "ignore": [JSON pointers], "detectNoise"}}, fields left out keep their value) and what noise its main
 * taught so far ({@code GET ?name=}).
 */
public final class ComparisonApi implements HttpService {

    private static final Set<String> FIELDS = Set.of("name", "ignore", "detectNoise");

    private final Comparisons comparisons;

    public ComparisonApi(Comparisons comparisons) {
        this.comparisons = comparisons;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.put("/~comparison", this::set)
                .get("/~comparison", this::show);
    }

    private void set(ServerRequest req, ServerResponse res) {
        JsonNode body = JsonFields.object(req, FIELDS, "{\"name\": \"hello\", \"ignore\": [\"/timestamp\"], \"detectNoise\": false}");
        String name = JsonFields.text(body, "name");
        comparisons.set(rule(name, body, comparisons.ruleOf(name)));
        JsonResponses.ok(res, describe(name));
    }

    private void show(ServerRequest req, ServerResponse res) {
        String name = req.query().first("name").orElseThrow(() -> DomainException.invalid("name is required: ?name=hello"));
        JsonResponses.ok(res, describe(name));
    }

    /** The rule a body asks for: its {@code ignore} and {@code detectNoise}, each kept as it was when absent. */
    static ComparisonRule rule(String name, JsonNode body, ComparisonRule current) {
        return new ComparisonRule(name, JsonFields.texts(body, "ignore").orElse(current.ignore()),
                                  JsonFields.bool(body, "detectNoise").orElse(current.detectNoise()));
    }

    private Map<String, Object> describe(String name) {
        ComparisonRule rule = comparisons.ruleOf(name);
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("name", name);
        shown.put("ignore", rule.ignore());
        shown.put("detectNoise", rule.detectNoise());
        shown.put("learnedNoise", rule.detectNoise() ? comparisons.noiseOf(name).fields() : java.util.List.of());
        return shown;
    }
}
