package io.daeploy.manager.core;

/** An idle version that requests were waiting for could not be started again: the reason, as the user should read it. */
public final class WakeFailed extends RuntimeException {

    public WakeFailed(String message) {
        super(message, null, false, false);
    }
}
