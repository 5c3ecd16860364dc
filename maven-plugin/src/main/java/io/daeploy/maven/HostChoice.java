package io.daeploy.maven;

import java.util.ArrayList;
import java.util.List;

/**
 * The choice {@code daeploy:login} offers in a terminal when no {@code -Ddaeploy.host} is given, as the original's
 * {@code daeploy login} did: the known hosts by number, or a new URL typed in; Enter keeps the active host.
 */
final class HostChoice {

    private final List<String> hosts;
    private final String active;
    private final String preselected;

    HostChoice(ClientState state) {
        this.hosts = List.copyOf(state.hosts());
        this.active = state.activeHost();
        // Enter does what a login without a host does in batch mode: the active host, else the laptop default
        this.preselected = active != null ? active : ActiveHost.DEFAULT;
    }

    /** The numbered list, as shown before the question. */
    List<String> menu() {
        if (hosts.isEmpty()) {
            return List.of("No hosts known yet.");
        }
        List<String> lines = new ArrayList<>();
        lines.add("Known hosts:");
        for (int i = 0; i < hosts.size(); i++) {
            lines.add("  " + (i + 1) + " - " + hosts.get(i) + (hosts.get(i).equals(active) ? " (active)" : ""));
        }
        return lines;
    }

    String question() {
        if (hosts.isEmpty()) {
            return "Manager URL [" + preselected + "]: ";
        }
        int number = hosts.indexOf(preselected) + 1;
        return "Host number, or a new manager URL [" + (number > 0 ? number : preselected) + "]: ";
    }

    /**
     * The host an answer means: blank → the preselected one, a number → that known host, else a URL.
     *
     * @throws IllegalArgumentException for a number out of range or a malformed URL; the message says what to type
     */
    String pick(String answer) {
        String typed = answer == null ? "" : answer.strip();
        if (typed.isEmpty()) {
            return preselected;
        }
        if (typed.chars().allMatch(Character::isDigit)) {
            int number = parseNumber(typed);
            if (number < 1 || number > hosts.size()) {
                throw new IllegalArgumentException("There is no host number " + typed + ": "
                        + (hosts.isEmpty() ? "no hosts are known yet" : "choose 1 to " + hosts.size())
                        + ", or type a manager URL such as " + ActiveHost.DEFAULT);
            }
            return hosts.get(number - 1);
        }
        return ActiveHost.normalize(typed);
    }

    /** Shows the menu, asks, and answers the chosen host. */
    String ask(ConsolePrompt prompt) {
        menu().forEach(prompt::show);
        return pick(prompt.line(question()));
    }

    private static int parseNumber(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1; // more digits than an int holds: out of range all the same
        }
    }
}
