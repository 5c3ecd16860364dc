package io.daeploy.manager.api;

import io.daeploy.common.ServiceVersion;
import io.daeploy.manager.core.Inspector;
import io.daeploy.manager.core.rollout.Rollouts;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.JsonResponses;
import io.daeploy.manager.metrics.TrafficHistory;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /services/~traffic?name=}: what the dashboard's charts draw for a name: each version's recent requests per
 * second, error rate and latencies, and the name's latest rollout (its steps and thresholds are drawn in).
 */
public final class TrafficApi implements HttpService {

    private final TrafficHistory history;
    private final Inspector inspector;
    private final Rollouts rollouts;
    private final boolean metricsOn;

    /**
     * @param rollouts  the rollouts, or null where there are none (then {@code rollout} is always null)
     * @param metricsOn whether the gateway records figures at all ({@code DAEPLOY_METRICS})
     */
    public TrafficApi(TrafficHistory history, Inspector inspector, Rollouts rollouts, boolean metricsOn) {
        this.history = history;
        this.inspector = inspector;
        this.rollouts = rollouts;
        this.metricsOn = metricsOn;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/~traffic", this::traffic);
    }

    private void traffic(ServerRequest req, ServerResponse res) {
        String name = req.query().first("name").filter(n -> !n.isBlank())
                .orElseThrow(() -> DomainException.malformed("Query parameter name is required: ?name=hello"));
        if (!metricsOn) {
            throw DomainException.conflict("Traffic charts are drawn from the gateway's figures, and this manager records none"
                    + " (DAEPLOY_METRICS=false)");
        }
        List<ServiceVersion> versions = inspector.list().stream().filter(v -> v.name().equals(name))
                .sorted(Comparator.comparing(ServiceVersion::main).reversed()).toList();
        if (versions.isEmpty()) {
            throw DomainException.notFound("No service " + name + " is deployed");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("sampleSeconds", history.period().toSeconds());
        body.put("versions", versions.stream().map(this::series).toList());
        body.put("rollout", rollout(name));
        JsonResponses.ok(res, body);
    }

    private Map<String, Object> series(ServiceVersion version) {
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("version", version.version());
        series.put("main", version.main());
        series.put("weight", version.weight());
        series.put("points", history.points(version.name(), version.version()));
        return series;
    }

    /** The latest rollout's status; null for a name that never had one. */
    private Map<String, Object> rollout(String name) {
        if (rollouts == null) {
            return null;
        }
        try {
            return rollouts.status(name);
        } catch (DomainException e) {
            if (e.kind() == DomainException.Kind.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }
}
