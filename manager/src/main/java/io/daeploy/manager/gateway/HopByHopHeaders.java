package io.daeploy.manager.gateway;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Headers that belong to one connection and must not be forwarded (RFC 9110 §7.6.1), plus those we set ourselves. */
final class HopByHopHeaders {

    private static final Set<String> NOT_FORWARDED = Set.of(
            "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
            "trailer", "transfer-encoding", "upgrade",
            // 100-continue is answered by our own server; forwarding it stalls large uploads.
            "expect",
            // set by the gateway itself for the hop it makes
            "host", "content-length");

    private HopByHopHeaders() {
    }

    static boolean forwarded(HeaderName name) {
        return !NOT_FORWARDED.contains(name.lowerCase());
    }

    static boolean forwarded(String name) {
        return !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT));
    }

    /** The header names (lower case) a {@code Connection} header nominates: they are for this hop only. */
    static Set<String> nominated(Headers headers) {
        if (!headers.contains(HeaderNames.CONNECTION)) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (String value : headers.get(HeaderNames.CONNECTION).allValues()) {
            for (String token : value.split(",")) {
                names.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

}
