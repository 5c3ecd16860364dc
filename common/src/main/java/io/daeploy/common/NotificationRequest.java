package io.daeploy.common;

import java.util.List;

/**
 * A notification as a service (or the manager itself) raises it: {@code POST /notifications/}.
 *
 * @param serviceName    who raises it
 * @param serviceVersion which version of it
 * @param message        what happened
 * @param severity       INFO, WARNING or CRITICAL
 * @param emails         recipients of an e-mail, or empty for the dashboard only
 * @param timerSeconds   the least time between two e-mails of the same notification (0: every time)
 */
public record NotificationRequest(String serviceName,
                                  String serviceVersion,
                                  String message,
                                  Severity severity,
                                  List<String> emails,
                                  long timerSeconds) {

    public NotificationRequest {
        emails = emails == null ? List.of() : List.copyOf(emails);
    }
}
