package io.daeploy.manager.https;

import io.daeploy.common.Severity;
import io.daeploy.manager.config.HttpsSettings;
import io.daeploy.manager.config.ManagerVersion;
import io.daeploy.manager.errors.DomainException;
import io.daeploy.manager.notify.NotificationService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Keeps the HTTPS listener's certificate good: over ACME, obtained at start when none is kept and renewed when it expires
 * within 30 days (looked at daily), with back-off after a failure, which is a notification carrying the CA's words; or
 * the user's PEM files, read again when they change. A new certificate is put in place without a restart: connections
 * open keep theirs, new ones get the new one.
 */
public final class CertificateKeeper implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CertificateKeeper.class.getName());
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    static final Duration LOOK_EVERY = Duration.ofDays(1);
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final Duration FILES_EVERY = Duration.ofSeconds(5);

    private final HttpsSettings settings;
    private final Optional<AcmeIssuer> issuer;
    private final CertificateFiles files;
    private final NotificationService notifications;
    private final Clock clock;
    private final BooleanSupplier leads;
    private final boolean shared;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("daeploy-certificates").daemon().factory());
    private volatile ServedCertificate served;
    private volatile String lastError;
    private volatile Instant nextLook;
    private Consumer<ServedCertificate> installer = certificate -> { };
    private Duration retry = FIRST_RETRY;
    private String filesStamp;
    private String obtainedStamp;

    /** A manager alone on its data directory: it obtains and renews the certificate itself. */
    public CertificateKeeper(HttpsSettings settings, CertificateFiles files, Optional<AcmeIssuer> issuer,
                             NotificationService notifications, Clock clock) {
        this(settings, files, issuer, notifications, clock, () -> true, false);
    }

    /**
     * @param leads  whether this manager leads now: only the leader obtains and renews a certificate over ACME (asked
     *               only when {@code shared})
     * @param shared several managers share the data directory: each looks every few seconds for the certificate the
     *               leader wrote there, and serves it
     */
    public CertificateKeeper(HttpsSettings settings, CertificateFiles files, Optional<AcmeIssuer> issuer,
                             NotificationService notifications, Clock clock, BooleanSupplier leads, boolean shared) {
        this.leads = shared ? leads : () -> true; // alone, it leads from its start (before its lease is even looked at)
        this.shared = shared;
        this.settings = settings;
        this.files = files;
        this.issuer = issuer;
        this.notifications = notifications;
        this.clock = clock;
        // the user's files are read at once: a bad one stops the start with a message naming it
        this.served = settings.acme() ? files.certificate().orElseGet(() -> Placeholder.forName(settings.hostName()))
                : PemFiles.read(settings.certFile().orElseThrow(), settings.keyFile().orElseThrow());
        this.filesStamp = settings.acme() ? null : stamp();
        this.obtainedStamp = settings.acme() ? files.stamp() : null;
    }

    /** The certificate the listener starts with. */
    public ServedCertificate current() {
        return served;
    }

    /** Whether a real certificate is served: until then the plain port serves everything, after it redirects. */
    public boolean trusted() {
        return !served.source().equals("placeholder");
    }

    /** Starts keeping the certificate; each new one is handed to the installer. */
    public synchronized void start(Consumer<ServedCertificate> installer) {
        this.installer = installer;
        if (settings.acme()) {
            schedule(Duration.ZERO);
        } else {
            scheduler.scheduleWithFixedDelay(this::rereadFiles, FILES_EVERY.toMillis(), FILES_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Obtains a new certificate now, whatever the old one's expiry (a renewal forced by an administrator). */
    public synchronized Map<String, Object> renewNow() {
        if (!settings.acme()) {
            throw new IllegalStateException("The certificate comes from DAEPLOY_TLS_CERT: replace the file to renew it");
        }
        if (!leads.getAsBoolean()) {
            throw DomainException.conflict("This manager does not lead: the leading manager renews the certificate, and"
                    + " this one serves what it obtained (/observe/health says which manager leads)");
        }
        obtain();
        return status();
    }

    public Map<String, Object> status() {
        ServedCertificate certificate = served;
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("source", certificate.source());
        status.put("hostName", settings.hostName());
        status.put("subject", certificate.leaf().getSubjectX500Principal().getName());
        status.put("issuer", certificate.leaf().getIssuerX500Principal().getName());
        status.put("serial", certificate.leaf().getSerialNumber().toString(16));
        status.put("notAfter", certificate.notAfter().toString());
        status.put("nextLook", nextLook == null ? null : nextLook.toString());
        status.put("lastError", lastError);
        return status;
    }

    private void schedule(Duration delay) {
        nextLook = clock.instant().plus(delay);
        scheduler.schedule(this::look, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void look() {
        Duration every = shared ? FILES_EVERY : LOOK_EVERY;
        if (shared) {
            adoptObtainedElsewhere();
        }
        if (!leads.getAsBoolean() || !served.dueBy(clock.instant().plus(RENEW_BEFORE))) {
            schedule(every);
            return;
        }
        schedule(obtain() ? every : backOff());
    }

    /** Serves the certificate the leader wrote to the shared data directory, once it is there or renewed. */
    private void adoptObtainedElsewhere() {
        String now = files.stamp();
        if (now.equals(obtainedStamp)) {
            return;
        }
        try {
            Optional<ServedCertificate> written = files.certificate();
            if (written.isPresent() && !written.get().leaf().equals(served.leaf())) {
                install(written.get());
                LOG.info(() -> "Serving the HTTPS certificate another manager obtained, valid until " + served.notAfter());
            }
            obtainedStamp = now;
        } catch (RuntimeException e) {
            // being written: read again at the next look
            LOG.fine(() -> "The shared certificate is not readable yet: " + e.getMessage());
        }
    }

    /** One attempt; true when a new certificate is served. */
    private boolean obtain() {
        try {
            ServedCertificate obtained = issuer.orElseThrow().obtain(settings.hostName());
            install(obtained);
            lastError = null;
            retry = FIRST_RETRY;
            notifications.raiseForService(NotificationService.MANAGER, ManagerVersion.current(), "HTTPS certificate for "
                    + settings.hostName() + " obtained from " + settings.acmeDirectory().getHost() + ", valid until "
                    + obtained.notAfter(), Severity.INFO);
            return true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            lastError = e.getMessage();
            String keeps = trusted() ? "the certificate valid until " + served.notAfter() + " is still served"
                    : "the manager serves plain HTTP on its port meanwhile";
            LOG.warning(() -> "No HTTPS certificate for " + settings.hostName() + " from " + settings.acmeDirectory() + ": " + e
                    + "; " + keeps + "; trying again in " + retry.toMinutes() + " min");
            notifications.raiseForService(NotificationService.MANAGER, ManagerVersion.current(), "No HTTPS certificate for "
                    + settings.hostName() + " from " + settings.acmeDirectory() + ": " + e.getMessage() + "; " + keeps,
                    Severity.WARNING);
            return false;
        }
    }

    private Duration backOff() {
        Duration wait = retry;
        retry = retry.multipliedBy(2).compareTo(LOOK_EVERY) > 0 ? LOOK_EVERY : retry.multipliedBy(2);
        return wait;
    }

    private synchronized void rereadFiles() {
        String now = stamp();
        if (now.equals(filesStamp)) {
            return;
        }
        filesStamp = now;
        try {
            install(PemFiles.read(settings.certFile().orElseThrow(), settings.keyFile().orElseThrow()));
            lastError = null;
            LOG.info(() -> "HTTPS certificate read again from " + settings.certFile().orElseThrow() + ", valid until "
                    + served.notAfter());
        } catch (RuntimeException e) {
            // half-written files are common while they are replaced: the next change is read again
            lastError = e.getMessage();
            LOG.warning(() -> e.getMessage() + "; the certificate valid until " + served.notAfter() + " is still served");
        }
    }

    private void install(ServedCertificate certificate) {
        installer.accept(certificate);
        served = certificate;
        if (settings.acme()) {
            obtainedStamp = files.stamp();
        }
    }

    private String stamp() {
        StringBuilder stamp = new StringBuilder();
        for (Path file : new Path[] {settings.certFile().orElseThrow(), settings.keyFile().orElseThrow()}) {
            try {
                stamp.append(Files.getLastModifiedTime(file).toMillis()).append('/').append(Files.size(file)).append(';');
            } catch (IOException e) {
                stamp.append("missing;");
            }
        }
        return stamp.toString();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
