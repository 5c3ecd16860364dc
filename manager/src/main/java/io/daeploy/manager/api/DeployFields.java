package io.daeploy.manager.api;

import com.fasterxml.jackson.core.type.TypeReference;
import io.daeploy.common.DeployOptions;
import io.daeploy.common.IdleTimeouts;
import io.daeploy.common.Json;
import io.daeploy.common.ServiceNames;
import io.daeploy.manager.errors.DomainException;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The fields the deploy routes share, read and checked alike: name and version, env, replicas, cpu, memory, idle time-out. */
final class DeployFields {

    private DeployFields() {
    }

    static void requireNameAndVersion(String name, String version) {
        ServiceNames.nameProblem(name).ifPresent(problem -> {
            throw DomainException.invalid(problem);
        });
        ServiceNames.versionProblem(version).ifPresent(problem -> {
            throw DomainException.invalid(problem);
        });
    }

    /** {@code env} as JSON text: an object of variable names to strings, numbers or booleans; none is empty. */
    static Map<String, String> env(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> raw = Json.mapper().readValue(json, new TypeReference<>() { });
            Map<String, String> env = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : raw.entrySet()) {
                if (!entry.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw DomainException.invalid("env has an invalid variable name '" + entry.getKey() + "'");
                }
                if (entry.getValue() instanceof List || entry.getValue() instanceof Map) {
                    throw DomainException.invalid("env variable " + entry.getKey() + " must be a string, number or boolean");
                }
                env.put(entry.getKey(), entry.getValue() == null ? "" : String.valueOf(entry.getValue()));
            }
            return env;
        } catch (IOException e) {
            throw DomainException.invalid("env must be a JSON object of variable names to values: " + e.getMessage());
        }
    }

    /**
     * The optional fields {@code replicas}, {@code cpu}, {@code memory} and {@code idleTimeout} of a deploy; a blank one
     * is left out.
     */
    static DeployOptions options(Function<String, String> field) {
        String replicas = blankToNull(field.apply("replicas"));
        String idleTimeout = blankToNull(field.apply("idleTimeout"));
        if (idleTimeout != null) {
            idleTimeout(idleTimeout);
        }
        return new DeployOptions(replicas == null ? null : replicas(replicas), blankToNull(field.apply("cpu")),
                                 blankToNull(field.apply("memory")), idleTimeout);
    }

    /** Checked before anything is stored: a duration such as {@code 10m}, or {@code off}. */
    static Duration idleTimeout(String value) {
        try {
            return IdleTimeouts.parse(value);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("Field idleTimeout: " + e.getMessage());
        }
    }

    static Integer replicas(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw DomainException.invalid("Field replicas: must be a whole number, got '" + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
