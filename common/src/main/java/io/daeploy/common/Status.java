package io.daeploy.common;

/** Life-cycle states of a service version; the lower-case names are the wire form. */
public enum Status {
    STARTING, RUNNING, FAILED, STOPPED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Status fromWire(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
