package io.daeploy.manager.http;

import io.daeploy.common.Json;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.ErrorHandling;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;

import java.util.Locale;
import java.util.Map;

/**
 * Answers to requests the server refuses before any route sees them (a broken request line, framing that could
 * smuggle a second request, headers over the limit), in the API's {@code {"detail": ...}} shape. Helidon reports
 * a head over its size limit as a plain 400; a client is owed 431 (RFC 6585 §5), which tells it what to shorten.
 */
public final class ProtocolErrors {

    private static final Status HEADERS_TOO_LARGE = Status.create(431, "Request Header Fields Too Large");

    private ProtocolErrors() {
    }

    /** The server's answers to refused heads; the refusal's own words go to the client, which needs them. */
    public static void apply(WebServerConfig.Builder server, int maxHeadersSize) {
        server.directHandlers(handlers(maxHeadersSize))
                .errorHandling(ErrorHandling.builder().includeEntity(true).build());
    }

    static DirectHandlers handlers(int maxHeadersSize) {
        return DirectHandlers.builder().addHandler(DirectHandler.EventType.BAD_REQUEST, new BadRequest(maxHeadersSize)).build();
    }

    private record BadRequest(int maxHeadersSize) implements DirectHandler {

        @Override
        public TransportResponse handle(TransportRequest request, EventType type, Status status,
                                        ServerResponseHeaders headers, String message) {
            if (message != null && message.toLowerCase(Locale.ROOT).contains("header size exceeded")) {
                return answer(HEADERS_TOO_LARGE, headers,
                        "The request's header fields are larger than the limit of " + maxHeadersSize + " bytes");
            }
            return answer(status, headers, "Bad request: "
                    + (message == null || message.isBlank() ? status.reasonPhrase() : message));
        }

        private static TransportResponse answer(Status status, ServerResponseHeaders headers, String detail) {
            return TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .header(HeaderNames.CONTENT_TYPE, "application/json")
                    .entity(json(detail))
                    .keepAlive(false) // after a broken head, nothing on the connection can be trusted
                    .build();
        }
    }

    private static byte[] json(String detail) {
        try {
            return Json.mapper().writeValueAsBytes(Map.of("detail", detail));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }
}
