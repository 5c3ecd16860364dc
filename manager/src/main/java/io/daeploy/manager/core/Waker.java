package io.daeploy.manager.core;

import java.util.concurrent.CompletableFuture;

/** Starts an idle version again for a request that waits for it (scale to zero). */
public interface Waker {

    /**
     * Asks for the version to run again; completes once it answers requests, or with a {@link WakeFailed} naming why it
     * cannot (it failed to start, or was killed meanwhile). Safe to call again while it starts.
     */
    CompletableFuture<Void> wake(String name, String version);
}
