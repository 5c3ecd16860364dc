package io.daeploy.manager.api.openapi;

import java.util.Map;

/** The error statuses the manager answers and what each one means, for the document's descriptions. */
final class ErrorStatuses {

    /** Marks the {@code {"detail": ...}} schema, {@code #/components/schemas/Error}. */
    static final String ERROR = "#Error";

    private static final Map<Integer, String> MEANINGS = Map.ofEntries(
            Map.entry(400, "Malformed request (not JSON, not a form, a broken upload)"),
            Map.entry(401, "Not logged in: no token, or a forged, expired or revoked one"),
            Map.entry(403, "Not allowed: a main that has shadows, a user who is not the admin, a service's token"),
            Map.entry(404, "No such service, version, token, user or file"),
            Map.entry(405, "Method not allowed"),
            Map.entry(409, "Conflict: already deployed, already running, or the main version"),
            Map.entry(413, "Too large: the upload or the unpacked application"),
            Map.entry(422, "A missing or invalid field; the detail names it"),
            Map.entry(429, "Too many failed logins for this name: wait"),
            Map.entry(500, "Internal error: the detail carries an id to find in the manager's log"),
            Map.entry(502, "An upstream (service, registry, certificate authority) failed"),
            Map.entry(503, "Not now: the service has no ready instance, or the manager's database cannot be reached"),
            Map.entry(504, "The service did not answer in time"));

    private ErrorStatuses() {
    }

    static String describe(int status) {
        return MEANINGS.getOrDefault(status, "Error");
    }
}
