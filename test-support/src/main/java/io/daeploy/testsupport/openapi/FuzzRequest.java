package io.daeploy.testsupport.openapi;

import java.util.List;
import java.util.Map;

/**
 * One generated request.
 *
 * @param path  the operation's path with its parameters filled in, URL-encoded
 * @param query name and value pairs, not encoded; a name may repeat
 * @param body  a JSON (or broken) body, or null for none
 */
public record FuzzRequest(String method, String template, String path, List<Map.Entry<String, String>> query,
                          String body) {

    public FuzzRequest {
        query = List.copyOf(query);
    }
}
