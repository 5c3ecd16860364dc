package io.daeploy.manager.core.rollout;

/** Where a rollout reads what versions answered: the same counters the manager exports to Prometheus. */
public interface TrafficFigures {

    /** A version's figures so far (requests it answered as main or canary, copies it got as a shadow). */
    VersionTraffic of(String service, String version);
}
