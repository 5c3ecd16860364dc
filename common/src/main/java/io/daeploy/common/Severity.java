package io.daeploy.common;

/** How urgent a notification is. */
public enum Severity {
    INFO, WARNING, CRITICAL
}
