package io.daeploy.manager.gateway;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

import java.util.Set;

/** Headers that belong to one connection and must not be forwarded (RFC 9110 §7.6.1), plus those we set ourselves. */
final class HopByHopHeaders {

    private static final Set<HeaderName> NOT_FORWARDED = Set.of(
            HeaderNames.CONNECTION,
            HeaderNames.create("Keep-Alive"),
            HeaderNames.create("Proxy-Connection"),
            HeaderNames.PROXY_AUTHENTICATE,
            HeaderNames.PROXY_AUTHORIZATION,
            HeaderNames.TE,
            HeaderNames.TRAILER,
            HeaderNames.TRANSFER_ENCODING,
            HeaderNames.UPGRADE,
            // 100-continue is answered by our own server; forwarding it stalls large uploads.
            HeaderNames.EXPECT,
            HeaderNames.HOST,
            HeaderNames.CONTENT_LENGTH);

    private HopByHopHeaders() {
    }

    static boolean forwarded(HeaderName name) {
        return !NOT_FORWARDED.contains(name);
    }
}
