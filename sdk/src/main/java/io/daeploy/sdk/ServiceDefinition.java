package io.daeploy.sdk;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Everything the SDK found on a service object, checked before any socket opens, so that a mistake in the
 * service class stops the start with just its message.
 */
record ServiceDefinition(Object service, List<EntrypointDefinition> entrypoints, List<Parameter<?>> parameters,
                         List<PeriodicJob> jobs, List<WebSocketScanner.WebSocketDefinition> webSockets) {

    static ServiceDefinition of(Object service, ObjectMapper mapper) {
        List<PeriodicJob> jobs = JobScanner.scan(service);
        List<WebSocketScanner.WebSocketDefinition> webSockets = WebSocketScanner.scan(service);
        List<EntrypointDefinition> entrypoints = EntrypointScanner.scan(service, mapper,
                                                                        !jobs.isEmpty() || !webSockets.isEmpty());
        return new ServiceDefinition(service, entrypoints, ParameterScanner.scan(service), jobs, webSockets);
    }
}
