package io.daeploy.manager.gateway;

import io.daeploy.manager.core.RouteTable;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Whether a request to a name with a canary goes to the canary or to the main. The canary takes its share of the
 * requests in turn; with a sticky share, a cookie binds a client to the version it got: to the canary for as long as
 * that is the canary, to the main until the share changes (so that clients of the main meet the canary's new share).
 */
final class CanaryChoice {

    private static final String COOKIE_PREFIX = "daeploy_canary_";

    private CanaryChoice() {
    }

    /** True when the canary answers this request; a sticky share also sets the client's cookie. */
    static boolean toCanary(ServerRequest req, ServerResponse res, RouteTable.Target main, RouteTable.Canary canary) {
        RouteTable.Share share = canary.share();
        if (!share.sticky()) {
            return canary.takesNext();
        }
        String cookie = COOKIE_PREFIX + main.name();
        String bound = boundVersion(req, cookie);
        if (bound != null) {
            int at = bound.lastIndexOf('@');
            String version = at < 0 ? bound : bound.substring(0, at);
            String step = at < 0 ? "" : bound.substring(at + 1);
            if (version.equals(canary.target().version())) {
                return true;
            }
            if (version.equals(main.version()) && step.equals(String.valueOf(share.step()))) {
                return false;
            }
        }
        boolean toCanary = canary.takesNext();
        String version = toCanary ? canary.target().version() : main.version();
        res.headers().add(HeaderValues.create(HeaderNames.SET_COOKIE, cookie + "=" + version + "@" + share.step()
                + "; Path=/services/" + main.name() + "; HttpOnly; SameSite=Lax" + (req.isSecure() ? "; Secure" : "")));
        return toCanary;
    }

    /** The value of the client's cookie of that name, or null. */
    static String boundVersion(ServerRequest req, String cookie) {
        if (!req.headers().contains(HeaderNames.COOKIE)) {
            return null;
        }
        for (String line : req.headers().get(HeaderNames.COOKIE).allValues()) {
            for (String pair : line.split(";")) {
                String trimmed = pair.trim();
                if (trimmed.startsWith(cookie) && trimmed.length() > cookie.length() && trimmed.charAt(cookie.length()) == '=') {
                    return trimmed.substring(cookie.length() + 1);
                }
            }
        }
        return null;
    }
}
