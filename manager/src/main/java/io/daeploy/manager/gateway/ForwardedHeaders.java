package io.daeploy.manager.gateway;

import io.daeploy.manager.http.Credentials;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.util.Set;

/** The caller's header lines as a service gets them, for plain requests and upgrade handshakes alike. */
final class ForwardedHeaders {

    private ForwardedHeaders() {
    }

    /**
     * The caller's end-to-end header lines: without this hop's (and those its {@code Connection} header names),
     * without {@code X-Forwarded-For} (set again after), and, when the caller authenticated to the manager, without
     * its manager credentials, which are for the manager, never for a service.
     */
    static void appendEndToEnd(StringBuilder head, Headers headers, boolean managerCredentials) {
        Set<String> nominated = HopByHopHeaders.nominated(headers);
        for (Header header : headers) {
            if (!HopByHopHeaders.forwarded(header.headerName()) || header.headerName().equals(HeaderNames.X_FORWARDED_FOR)
                    || (managerCredentials && header.headerName().equals(HeaderNames.AUTHORIZATION))
                    || (!nominated.isEmpty() && nominated.contains(header.headerName().lowerCase()))) {
                continue;
            }
            for (String value : header.allValues()) {
                if (managerCredentials && header.headerName().equals(HeaderNames.COOKIE)) {
                    value = withoutManagerCookie(value);
                    if (value.isEmpty()) {
                        continue;
                    }
                }
                head.append(header.name()).append(": ").append(value).append("\r\n");
            }
        }
    }

    /** {@code X-Forwarded-*}, {@code Forwarded} and {@code Via}: who asked, for which host, through which prefix. */
    static void appendForwarding(StringBuilder head, Headers headers, String client, boolean secure, String prefix,
                                 String protocolVersion) {
        String host = headers.first(HeaderNames.HOST).orElse("");
        String proto = secure ? "https" : "http";
        String forwardedFor = headers.first(HeaderNames.X_FORWARDED_FOR).map(v -> v + ", " + client).orElse(client);
        head.append("X-Forwarded-For: ").append(forwardedFor).append("\r\n")
                .append("X-Forwarded-Host: ").append(host).append("\r\n")
                .append("X-Forwarded-Proto: ").append(proto).append("\r\n")
                .append("X-Forwarded-Prefix: ").append(prefix).append("\r\n")
                .append("Forwarded: for=\"").append(client).append("\";host=\"").append(host)
                .append("\";proto=").append(proto).append("\r\n")
                .append("Via: ").append(protocolVersion).append(" daeploy\r\n");
    }

    private static String withoutManagerCookie(String cookies) {
        StringBuilder kept = new StringBuilder();
        for (String cookie : cookies.split(";")) {
            String c = cookie.trim();
            if (!c.isEmpty() && !c.startsWith(Credentials.COOKIE + "=")) {
                kept.append(kept.isEmpty() ? "" : "; ").append(c);
            }
        }
        return kept.toString();
    }
}
