package io.daeploy.it;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A request to the Kubernetes API as RBAC sees it: API group, resource (with subresource), verb and namespace. */
record ApiCall(String group, String resource, String verb, String namespace) {

    private static final Pattern PATH = Pattern.compile(
            "(?:/api/v1|/apis/([^/]+)/[^/]+)(?:/namespaces/([^/]+))?/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?(\\?.*)?");

    /** {@code METHOD /path?query} as recorded by {@link KubernetesApiServer}. */
    static ApiCall parse(String call) {
        int space = call.indexOf(' ');
        String method = call.substring(0, space);
        Matcher m = PATH.matcher(call.substring(space + 1));
        if (!m.matches()) {
            throw new AssertionError("not a resource request: " + call);
        }
        String group = m.group(1) == null ? "" : m.group(1);
        String name = m.group(4);
        String resource = m.group(3) + (m.group(5) == null ? "" : "/" + m.group(5));
        String query = m.group(6) == null ? "" : m.group(6);
        String verb = switch (method) {
            case "GET" -> name != null ? "get" : query.matches(".*[?&]watch=(true|1).*") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name != null ? "delete" : "deletecollection";
            default -> throw new AssertionError("unexpected method: " + call);
        };
        return new ApiCall(group, resource, verb, m.group(2));
    }
}
