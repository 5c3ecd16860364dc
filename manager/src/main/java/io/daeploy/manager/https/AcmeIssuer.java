package io.daeploy.manager.https;

import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;

/**
 * Obtains a certificate for one host name from an ACME CA (RFC 8555) with the http-01 challenge, which the manager's
 * plain port answers from {@link Http01Tokens}.
 */
public final class AcmeIssuer {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private final URI directory;
    private final Optional<Path> trust;
    private final Optional<String> email;
    private final CertificateFiles files;
    private final Http01Tokens tokens;

    public AcmeIssuer(URI directory, Optional<Path> trust, Optional<String> email, CertificateFiles files, Http01Tokens tokens) {
        this.directory = directory;
        this.trust = trust;
        this.email = email;
        this.files = files;
        this.tokens = tokens;
    }

    /** Orders, proves and downloads a certificate for the name; keeps it in the data directory. */
    public ServedCertificate obtain(String hostName) throws AcmeException, InterruptedException {
        Session session = trust.isEmpty() ? new Session(directory) : new Session(directory, new TrustingProvider(sslContext(trust.get())));
        AccountBuilder accountBuilder = new AccountBuilder().agreeToTermsOfService().useKeyPair(files.accountKey());
        email.ifPresent(accountBuilder::addEmail);
        Account account = accountBuilder.create(session);
        Order order = account.newOrder().domain(hostName).create();
        for (Authorization authorization : order.getAuthorizations()) {
            if (authorization.getStatus() != Status.VALID) {
                prove(authorization);
            }
        }
        order.waitUntilReady(PATIENCE);
        order.execute(files.domainKey());
        if (order.waitForCompletion(PATIENCE) != Status.VALID) {
            throw new AcmeException("the order for " + hostName + " ended " + order.getStatus()
                    + order.getError().map(problem -> ": " + problem).orElse(""));
        }
        var chain = order.getCertificate().getCertificateChain();
        files.saveCertificate(chain);
        return new ServedCertificate(files.domainKey().getPrivate(), chain, "acme");
    }

    private void prove(Authorization authorization) throws AcmeException, InterruptedException {
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class)
                .orElseThrow(() -> new AcmeException("the CA offers no http-01 challenge for " + authorization.getIdentifier()));
        tokens.offer(challenge.getToken(), challenge.getAuthorization());
        try {
            challenge.trigger();
            Status status = challenge.waitForCompletion(PATIENCE);
            if (status != Status.VALID) {
                throw new AcmeException("the CA could not validate " + authorization.getIdentifier().getDomain()
                        + " over http-01" + challenge.getError().map(problem -> ": " + problem).orElse(""));
            }
        } finally {
            tokens.withdraw(challenge.getToken());
        }
    }

    /** Trust for a private CA's ACME directory (step-ca, pebble): its certificates from a PEM file. */
    private static SSLContext sslContext(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalArgumentException("DAEPLOY_ACME_TRUST " + pem + " holds no PEM certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("DAEPLOY_ACME_TRUST " + pem + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /** Any directory URL, reached through a client that trusts the given CA. */
    private static final class TrustingProvider extends GenericAcmeProvider {
        private final SSLContext context;

        TrustingProvider(SSLContext context) {
            this.context = context;
        }

        @Override
        protected HttpConnector createHttpConnector(NetworkSettings settings) {
            return new HttpConnector(settings) {
                @Override
                public HttpClient.Builder createClientBuilder() {
                    return super.createClientBuilder().sslContext(context);
                }
            };
        }
    }
}
