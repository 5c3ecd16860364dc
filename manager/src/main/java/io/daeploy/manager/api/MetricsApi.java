package io.daeploy.manager.api;

import io.daeploy.manager.core.Inspector;
import io.daeploy.manager.core.rollout.Rollouts;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.metrics.TrafficMetrics;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.List;

/** {@code GET /observe/metrics}: the gateway's figures and the manager's JVM's, in Prometheus text format. */
public final class MetricsApi implements HttpService {

    /** Prometheus's text exposition format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final TrafficMetrics metrics;
    private final Inspector inspector;
    private final Rollouts rollouts;

    /** @param rollouts whose phases are exported; null: none */
    public MetricsApi(TrafficMetrics metrics, Inspector inspector, Rollouts rollouts) {
        this.metrics = metrics;
        this.inspector = inspector;
        this.rollouts = rollouts;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", this::scrape);
    }

    private void scrape(ServerRequest req, ServerResponse res) {
        if (!metrics.on()) {
            throw DomainException.notFound("Metrics are off: the manager was started with DAEPLOY_METRICS=false");
        }
        metrics.observe(inspector.list(), inspector.restarts());
        metrics.observeRollouts(rollouts == null ? List.of() : rollouts.phases());
        res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        res.send(metrics.scrape());
    }
}
