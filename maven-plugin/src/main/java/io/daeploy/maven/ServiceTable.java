package io.daeploy.maven;

import io.daeploy.common.ServiceVersion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The services table the goals print: aligned columns {@code MAIN NAME VERSION STATUS SINCE} (with {@code READY},
 * ready/desired instances, after STATUS where some version runs more than one, and {@code TRAFFIC}, the share of its
 * name's requests each version answers, at the end where some name has a canary), then one line per failed version
 * saying why it failed.
 */
public final class ServiceTable {

    static final String NO_SERVICES = "(no services)";
    private static final List<String> HEADER = List.of("MAIN", "NAME", "VERSION", "STATUS", "SINCE");

    private ServiceTable() {
    }

    /** The table as lines without trailing spaces; rows grouped by name, the manager's order kept within a name. */
    public static List<String> format(List<ServiceVersion> services) {
        List<ServiceVersion> sorted = services.stream()
                .sorted(Comparator.comparing(ServiceVersion::name))
                .toList();
        boolean replicated = sorted.stream().anyMatch(service -> service.replicas() > 1);
        boolean split = sorted.stream().anyMatch(ServiceVersion::canary);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = replicated ? withReady(HEADER, "READY") : HEADER;
        rows.add(split ? with(header, "TRAFFIC") : header);
        for (ServiceVersion service : sorted) {
            List<String> cells = replicated ? withReady(cells(service), service.readyReplicas() + "/" + service.replicas())
                    : cells(service);
            rows.add(split ? with(cells, service.weight() + "%") : cells);
        }

        List<String> lines = new ArrayList<>(TextTable.align(rows));
        if (sorted.isEmpty()) {
            lines.add(NO_SERVICES);
        }
        for (ServiceVersion service : sorted) {
            if ("failed".equals(service.status())) {
                String reason = service.reason() == null || service.reason().isBlank()
                        ? "(the manager gave no reason)" : service.reason();
                lines.add(service.name() + " " + service.version() + " failed: " + reason);
            }
        }
        return lines;
    }

    /** READY (ready/desired instances) after STATUS, where some version runs more than one instance. */
    private static List<String> withReady(List<String> cells, String ready) {
        List<String> row = new ArrayList<>(cells);
        row.add(4, ready);
        return row;
    }

    private static List<String> with(List<String> cells, String last) {
        List<String> row = new ArrayList<>(cells);
        row.add(last);
        return row;
    }

    private static List<String> cells(ServiceVersion service) {
        return List.of(service.main() ? "*" : "",
                       service.name(),
                       service.version(),
                       String.valueOf(service.status()),
                       TextTable.time(service.since()));
    }
}
