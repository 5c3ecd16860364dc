package io.daeploy.manager.core;

import java.time.Instant;
import java.util.Optional;

/**
 * When the other managers on this one's database last passed a request to a version: scale to zero, decided by the
 * leader, counts the requests every manager's gateway passed, not only its own.
 */
public interface RequestsSeenElsewhere {

    /** A manager alone on its store. */
    RequestsSeenElsewhere NONE = qualifiedName -> Optional.empty();

    Optional<Instant> lastRequest(String qualifiedName);
}
