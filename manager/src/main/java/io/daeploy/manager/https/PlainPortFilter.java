package io.daeploy.manager.https;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.function.BooleanSupplier;

/**
 * With HTTPS on, the plain port answers the CA's http-01 challenges, and once a real certificate is served, sends the
 * requests that name the public host to HTTPS (308 keeps the method and body). Before that it serves as without HTTPS,
 * and it keeps serving callers inside (services by their internal address, loopback): their requests never leave the
 * machine or its private network, and they would need the public name and its CA. HTTPS answers carry HSTS, so that a
 * browser that came once keeps to HTTPS.
 */
public final class PlainPortFilter implements Filter {

    private static final String CHALLENGES = "/.well-known/acme-challenge/";
    private static final io.helidon.http.Header HSTS = HeaderValues.create("Strict-Transport-Security", "max-age=31536000");

    private final Http01Tokens tokens;
    private final BooleanSupplier certificateServed;
    private final String httpsAuthority;
    private final String publicName;

    /**
     * @param httpsAuthority host name and port of the HTTPS listener, as redirects name it
     * @param publicName     the host name the certificate is for: a request that names it is sent to HTTPS
     */
    public PlainPortFilter(Http01Tokens tokens, BooleanSupplier certificateServed, String httpsAuthority, String publicName) {
        this.tokens = tokens;
        this.certificateServed = certificateServed;
        this.httpsAuthority = httpsAuthority;
        this.publicName = publicName;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (req.isSecure()) {
            res.header(HSTS);
            chain.proceed();
            return;
        }
        String path = req.path().rawPath();
        if (path.startsWith(CHALLENGES)) {
            String answer = tokens.answer(path.substring(CHALLENGES.length())).orElse(null);
            if (answer == null) {
                res.status(Status.NOT_FOUND_404).send("No such ACME challenge");
            } else {
                res.header(HeaderNames.CONTENT_TYPE, "text/plain").send(answer);
            }
            return;
        }
        if (!certificateServed.getAsBoolean() || !publicName.equalsIgnoreCase(req.authority().replaceFirst(":\\d+$", ""))) {
            chain.proceed();
            return;
        }
        String query = req.query().rawValue();
        res.status(Status.PERMANENT_REDIRECT_308)
                .header(HeaderNames.LOCATION, "https://" + httpsAuthority + path + (query.isEmpty() ? "" : "?" + query))
                .send();
    }
}
