package io.daeploy.manager.https;

import io.helidon.common.tls.Tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A certificate the manager serves, with its key: where it came from ({@code acme}, {@code files}, or {@code placeholder}
 * while none was obtained yet).
 */
public record ServedCertificate(PrivateKey key, List<X509Certificate> chain, String source) {

    public ServedCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("A certificate chain needs at least one certificate");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    /** Whether it should be replaced by then: a placeholder always, an obtained one when it expires before. */
    public boolean dueBy(Instant when) {
        return source.equals("placeholder") || notAfter().isBefore(when);
    }

    /** The TLS set-up of a listener serving it. */
    public Tls tls() {
        return Tls.builder().privateKey(key).privateKeyCertChain(chain).build();
    }
}
