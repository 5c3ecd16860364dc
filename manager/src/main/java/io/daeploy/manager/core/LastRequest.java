package io.daeploy.manager.core;

import java.time.Duration;

/**
 * When a version last got a request to answer (scale to zero stops it after its idle time-out). The gateway touches it
 * as a request goes in and as its answer comes out, so a long request never looks idle: one volatile write each.
 */
public final class LastRequest {

    private volatile long nanos = System.nanoTime();

    public void touch() {
        nanos = System.nanoTime();
    }

    /** How long ago the last request came or its answer left; since it became ready, if none did. */
    public Duration idleFor() {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
