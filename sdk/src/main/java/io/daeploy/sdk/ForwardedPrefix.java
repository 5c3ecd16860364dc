package io.daeploy.sdk;

import java.util.regex.Pattern;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * The path prefix the manager's gateway stripped before forwarding ({@code /services/hello}),
 * sent as {@code X-Forwarded-Prefix}. Pages and documents use it to build links that go back
 * through the gateway. Only plain path characters are accepted, since the value lands in HTML.
 */
final class ForwardedPrefix {

    static final HeaderName HEADER = HeaderNames.create("X-Forwarded-Prefix");
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9._~+-]+)+");

    private ForwardedPrefix() {
    }

    /** The prefix without a trailing slash, or {@code ""} when absent or unusable. */
    static String of(ServerRequest request) {
        return request.headers().first(HEADER).map(ForwardedPrefix::normalize).orElse("");
    }

    static String normalize(String headerValue) {
        String value = headerValue.trim();
        int comma = value.indexOf(','); // chained proxies: the first one is the outermost
        if (comma >= 0) {
            value = value.substring(0, comma).trim();
        }
        while (value.endsWith("/")) {
            value = value.substring(0, value.length() - 1);
        }
        return SAFE_PATH.matcher(value).matches() ? value : "";
    }
}
