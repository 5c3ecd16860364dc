package io.daeploy.manager.core.leader;

/** Leader's work asked of a manager that does not lead (any more): it does nothing, the leader does it. */
public final class NotLeader extends RuntimeException {

    public NotLeader(String manager) {
        super("This manager (" + manager + ") does not lead: only the leader starts and stops services", null, false, false);
    }
}
