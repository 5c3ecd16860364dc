package io.daeploy.manager.core.rollout;

/**
 * What one version had answered up to a moment: requests of callers (as main or canary), those with a 5xx status,
 * their durations, and how the copies it got as a shadow compared with the main's answers. Counters only grow:
 * subtract an earlier reading to get a window.
 */
public record VersionTraffic(long requests, long serverErrors, LatencyHistogram latency, long matched, long differed) {

    public VersionTraffic minus(VersionTraffic earlier) {
        return new VersionTraffic(requests - earlier.requests, serverErrors - earlier.serverErrors,
                latency.minus(earlier.latency), matched - earlier.matched, differed - earlier.differed);
    }

    /** Both together (the figures of two managers). */
    public VersionTraffic plus(VersionTraffic other) {
        return new VersionTraffic(requests + other.requests, serverErrors + other.serverErrors, latency.plus(other.latency),
                                  matched + other.matched, differed + other.differed);
    }

    /** Copies compared with the main's answers. */
    public long compared() {
        return matched + differed;
    }

    /** Percent of the requests answered with a 5xx status; 0 without requests. */
    public double errorPercent() {
        return requests == 0 ? 0 : 100.0 * serverErrors / requests;
    }

    /** Percent of the compared copies that matched the main's answer; 100 without any. */
    public double matchPercent() {
        return compared() == 0 ? 100 : 100.0 * matched / compared();
    }
}
