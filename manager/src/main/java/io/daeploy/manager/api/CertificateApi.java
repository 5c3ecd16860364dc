package io.daeploy.manager.api;

import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.http.JsonResponses;
import io.daeploy.manager.https.CertificateKeeper;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/**
 * {@code /observe/certificate}: the HTTPS certificate served (source, subject, issuer, expiry, the last error) and
 * {@code POST /observe/certificate/renew} to obtain a new one now (an administrator's forced renewal).
 */
public final class CertificateApi implements HttpService {

    private final CertificateKeeper certificates;

    public CertificateApi(CertificateKeeper certificates) {
        this.certificates = certificates;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/certificate", (req, res) -> JsonResponses.ok(res, certificates.status()))
                .post("/certificate/renew", this::renew);
    }

    private void renew(ServerRequest req, ServerResponse res) {
        Map<String, Object> status;
        try {
            status = certificates.renewNow();
        } catch (IllegalStateException e) {
            throw DomainException.conflict(e.getMessage());
        }
        if (status.get("lastError") != null) {
            throw DomainException.upstreamFailed("The CA issued no certificate: " + status.get("lastError"), null);
        }
        JsonResponses.ok(res, status);
    }
}
