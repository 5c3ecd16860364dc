package io.daeploy.sdk;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.helidon.http.Method;

/**
 * What a service call puts on the wire: the gateway URL and the arguments, as the one JSON object
 * the callee's entrypoint reads, or for GET and DELETE as the query string it reads instead.
 */
final class CallRequest {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CallRequest() {
    }

    /** The arguments as one JSON object keyed by parameter name; null means none. */
    static ObjectNode argumentsObject(Object arguments, ObjectMapper mapper) {
        if (arguments == null) {
            return mapper.createObjectNode();
        }
        JsonNode tree;
        try {
            tree = mapper.valueToTree(arguments);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("arguments cannot be written as JSON: " + e.getMessage(), e);
        }
        if (tree == null || tree.isNull()) {
            return mapper.createObjectNode();
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new IllegalArgumentException("arguments must be a Map or an object (record, POJO) whose fields are the"
                    + " entrypoint's parameters, e.g. Map.of(\"n\", 5); got " + arguments.getClass().getName());
        }
        return object;
    }

    /** Arguments travel in the query string for these methods: the SDK's GET and DELETE entrypoints read it there. */
    static boolean sendsQuery(Method method) {
        return method == Method.GET || method == Method.DELETE;
    }

    /** {@code {manager}/services/{target}/{entrypoint}[?query]}, path and query percent-encoded. */
    static URI uri(URI managerUrl, String target, String entrypoint, Method method, ObjectNode arguments) {
        StringBuilder uri = new StringBuilder(managerUrl.toString()).append("/services/").append(encode(target));
        for (String segment : entrypoint.split("/", -1)) {
            uri.append('/').append(encode(segment));
        }
        if (sendsQuery(method) && !arguments.isEmpty()) {
            uri.append('?').append(query(arguments));
        }
        return URI.create(uri.toString());
    }

    /** Each field as {@code name=value}: scalars as their text, lists and objects as JSON text; nulls left out. */
    static String query(ObjectNode arguments) {
        StringJoiner query = new StringJoiner("&");
        Iterator<Map.Entry<String, JsonNode>> fields = arguments.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isNull() || value.isMissingNode()) {
                continue; // absent is how a GET says "not given"; the callee's Optional parameters expect that
            }
            String text = value.isValueNode() ? value.asText() : value.toString();
            query.add(encode(field.getKey()) + "=" + encode(text));
        }
        return query.toString();
    }

    /** Percent-encodes all but the unreserved characters of RFC 3986, so a value never changes meaning in a URL. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }
}
