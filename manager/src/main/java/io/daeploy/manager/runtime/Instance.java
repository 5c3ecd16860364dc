package io.daeploy.manager.runtime;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A launched service version.
 *
 * @param endpoint where the gateway reaches it, e.g. {@code http://127.0.0.1:41234}
 * @param pid      process id, or null where there is none to tell
 * @param exited   completes with the exit code when the instance ends, for whatever reason
 */
public record Instance(URI endpoint, Long pid, CompletableFuture<Integer> exited) {
}
