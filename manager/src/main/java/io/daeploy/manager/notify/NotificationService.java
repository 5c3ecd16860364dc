package io.daeploy.manager.notify;

import io.daeploy.manager.config.ManagerVersion;
import io.daeploy.common.Notification;
import io.daeploy.common.NotificationRequest;
import io.daeploy.common.Severity;
import io.daeploy.manager.store.ServiceRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Raises notifications: a repeat of the same (service, version, message, severity) counts up
 * instead of adding a row; e-mail goes out when recipients are given and SMTP is configured, at
 * most once per timer window. E-mail is sent off the caller's thread, and a failure to send
 * becomes a manager notification, never a failed {@code notify}.
 */
public final class NotificationService {

    /** The name the manager uses for the notifications it raises itself. */
    public static final String MANAGER = "manager";

    private static final Logger LOG = Logger.getLogger(NotificationService.class.getName());

    private final NotificationRepository repository;
    private final Optional<Mailer> mailer;
    private final String dashboardUrl;

    public NotificationService(NotificationRepository repository, Optional<Mailer> mailer, String dashboardUrl) {
        this.repository = repository;
        this.mailer = mailer;
        this.dashboardUrl = dashboardUrl;
    }

    public Notification raise(NotificationRequest request) {
        Instant now = ServiceRecord.now();
        Notification stored;
        boolean email;
        synchronized (this) {
            Optional<NotificationRepository.Stored> existing = repository.find(
                    request.serviceName(), request.serviceVersion(), request.message(), request.severity());
            if (existing.isPresent()) {
                Notification old = existing.get().notification();
                stored = new Notification(old.id(), old.serviceName(), old.serviceVersion(), old.message(), old.severity(),
                        request.emails(), request.timerSeconds(), old.count() + 1, old.firstSeen(), now);
                repository.update(stored);
            } else {
                stored = repository.insert(new Notification(0, request.serviceName(), request.serviceVersion(),
                        request.message(), request.severity(), request.emails(), request.timerSeconds(), 1, now, now));
            }
            Optional<Instant> lastEmailed = existing.flatMap(NotificationRepository.Stored::lastEmailed);
            email = mailer.isPresent() && !request.emails().isEmpty() && lastEmailed
                    .map(last -> !now.isBefore(last.plus(Duration.ofSeconds(request.timerSeconds()))))
                    .orElse(true);
            if (email) {
                repository.markEmailed(stored.id(), now);
            }
        }
        if (email) {
            Notification toSend = stored;
            Thread.ofVirtual().name("daeploy-mail").start(() -> sendEmail(toSend));
        }
        return stored;
    }

    /** A notification of the manager's own, about a service version. */
    public void raiseForService(String name, String version, String message, Severity severity) {
        try {
            raise(new NotificationRequest(name, version, message, severity, List.of(), 0));
        } catch (RuntimeException e) {
            LOG.warning(() -> "Could not store the notification '" + message + "': " + e.getMessage());
        }
    }

    public List<Notification> all() {
        return repository.all();
    }

    public int clear() {
        return repository.deleteAll();
    }

    private void sendEmail(Notification n) {
        String subject = "[Daeploy] " + n.severity() + " " + n.serviceName() + " " + n.serviceVersion() + ": " + n.message();
        String body = """
                %s raised by service %s, version %s:

                %s

                Seen %d time(s), first at %s, last at %s.
                Dashboard: %s

                -- Daeploy manager %s
                """.formatted(n.severity(), n.serviceName(), n.serviceVersion(), n.message(), n.count(),
                              n.firstSeen(), n.lastSeen(), dashboardUrl, ManagerVersion.current());
        try {
            mailer.orElseThrow().send(n.emails(), subject, body);
            LOG.info(() -> "E-mailed notification " + n.id() + " to " + n.emails().size() + " recipient(s)");
        } catch (Exception e) {
            LOG.warning(() -> "E-mail of notification " + n.id() + " failed: " + e);
            // No e-mail for this one: a broken mail server must not feed itself.
            raiseForService(MANAGER, ManagerVersion.current(), "E-mail of a notification from " + n.serviceName()
                    + " " + n.serviceVersion() + " could not be sent: " + e.getMessage(), Severity.WARNING);
        }
    }
}
