package io.daeploy.common;

/**
 * Life-cycle states of a service version; the lower-case names are the wire form. A degraded version runs, but its
 * runtime restarted it after a crash and it does not answer its health check yet. An idle version was stopped because it
 * served no request for its idle time-out (scale to zero); the next request to it starts it again.
 */
public enum Status {
    STARTING, RUNNING, DEGRADED, FAILED, STOPPED, IDLE;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Status fromWire(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
