package io.daeploy.sdk;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Everything the SDK found on a service object, checked before any socket opens, so that a mistake in the
 * service class stops the start with just its message.
 */
record ServiceDefinition(Object service, List<EntrypointDefinition> entrypoints, List<Parameter<?>> parameters,
                         List<PeriodicJob> jobs) {

    static ServiceDefinition of(Object service, ObjectMapper mapper) {
        List<PeriodicJob> jobs = JobScanner.scan(service);
        List<EntrypointDefinition> entrypoints = EntrypointScanner.scan(service, mapper, !jobs.isEmpty());
        return new ServiceDefinition(service, entrypoints, ParameterScanner.scan(service), jobs);
    }
}
