package io.daeploy.maven;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What {@code daeploy:hosts} prints: the known hosts as a table, and what the goals use when none is active. */
final class HostsTable {

    private HostsTable() {
    }

    static List<String> format(ClientState state, Path stateFile) {
        if (state.hosts().isEmpty()) {
            return List.of("No hosts known yet (" + stateFile + "): log in to one with mvn daeploy:login"
                    + " -Ddaeploy.host=URL. Until then goals use " + ActiveHost.DEFAULT + ".");
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("ACTIVE", "HOST", "TOKEN"));
        for (String host : state.hosts()) {
            rows.add(List.of(host.equals(state.activeHost()) ? "*" : "", host,
                             state.tokenFor(host) != null ? "kept" : "none"));
        }
        List<String> lines = new ArrayList<>(TextTable.align(rows));
        if (state.activeHost() == null) {
            lines.add("No host is active: goals use " + ActiveHost.DEFAULT + " unless given -Ddaeploy.host=URL;"
                    + " make one active with mvn daeploy:login -Ddaeploy.host=URL.");
        }
        return lines;
    }
}
