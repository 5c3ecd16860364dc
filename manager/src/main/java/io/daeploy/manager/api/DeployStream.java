package io.daeploy.manager.api;

import io.daeploy.manager.http.JsonResponses;
import io.daeploy.manager.errors.DomainException;

import io.daeploy.common.DeployEvents;
import io.daeploy.common.Json;
import io.daeploy.common.ServiceVersion;
import io.daeploy.manager.deploy.DeployProgress;
import io.daeploy.manager.http.HttpErrors;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * A deploy answered as it happens, for a client that asks for {@code application/x-ndjson}: one
 * {@code {"step": ...}} line per step, then {@code {"service": ...}} or {@code {"error": {"status", "detail"}}}.
 * Like Docker's build API, a failure after the first step is told in the stream, not in the status line.
 * A reader that leaves does not stop the deploy: it goes on, and {@code ls} shows how it ended.
 */
final class DeployStream implements DeployProgress {

    private static final Logger LOG = Logger.getLogger(DeployStream.class.getName());

    private final OutputStream out;
    private boolean readerGone;

    private DeployStream(OutputStream out) {
        this.out = out;
    }

    /**
     * Runs {@code deploy}: streamed, with a progress that writes to the response and a last line with its outcome,
     * for a client that asks for it; else answered once done, 201 with the version (errors as the API's JSON).
     */
    static void answer(ServerRequest req, ServerResponse res, Function<DeployProgress, ServiceVersion> deploy) {
        boolean wanted = req.headers().first(HeaderNames.ACCEPT).map(a -> a.contains(DeployEvents.MEDIA_TYPE)).orElse(false);
        if (!wanted) {
            JsonResponses.send(res, Status.CREATED_201, deploy.apply(DeployProgress.NONE));
            return;
        }
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, DeployEvents.MEDIA_TYPE);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        try (OutputStream out = res.outputStream()) {
            DeployStream stream = new DeployStream(out);
            stream.write(Map.of(DeployEvents.STEP, "Accepted by the manager"));
            Map<String, Object> outcome;
            try {
                outcome = Map.of(DeployEvents.SERVICE, deploy.apply(stream));
            } catch (DomainException e) {
                outcome = Map.of(DeployEvents.ERROR, Map.of("status", HttpErrors.status(e).code(), "detail", e.detail()));
            } catch (RuntimeException e) {
                outcome = Map.of(DeployEvents.ERROR, Map.of("status", 500, "detail", HttpErrors.internalErrorDetail("Deploy", e)));
            }
            stream.write(outcome);
        } catch (IOException e) {
            LOG.fine(() -> "The deploy's reader left: " + e.getMessage());
        }
    }

    @Override
    public void step(String message) {
        write(Map.of(DeployEvents.STEP, message));
    }

    /** Steps come from the request's thread and from Jib's, so one line at a time. */
    private synchronized void write(Map<String, Object> event) {
        if (readerGone) {
            return;
        }
        try {
            out.write(Json.mapper().writeValueAsBytes(event));
            out.write('\n');
            out.flush();
        } catch (IOException | RuntimeException e) {
            readerGone = true;
            LOG.fine(() -> "The deploy's reader left: " + e.getMessage());
        }
    }
}
