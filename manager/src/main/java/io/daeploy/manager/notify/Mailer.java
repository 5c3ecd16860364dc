package io.daeploy.manager.notify;

import java.util.List;

/** Sends one plain-text e-mail; throws when the mail server refuses it. */
public interface Mailer {

    void send(List<String> recipients, String subject, String body) throws Exception;

}
