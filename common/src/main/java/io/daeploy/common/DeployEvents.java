package io.daeploy.common;

/**
 * The streamed answer to a deploy ({@code Accept: application/x-ndjson}): one JSON object per line, each
 * with exactly one of these fields. {@code step} lines come as the manager works; the last line is
 * {@code service} (the deployed version, running or failed) or {@code error} ({@code {"status", "detail"}}).
 */
public final class DeployEvents {

    public static final String MEDIA_TYPE = "application/x-ndjson";
    public static final String STEP = "step";
    public static final String SERVICE = "service";
    public static final String ERROR = "error";

    private DeployEvents() {
    }
}
