package io.daeploy.sdk;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

/**
 * What Jackson would accept but the contract refuses, found in the JSON before it is converted:
 * <ul>
 *   <li>{@code null} wherever the declared type takes none: every type but {@code Optional}, {@code JsonNode} and
 *       {@code Object}, at any depth (a record component, a list item, a map value);</li>
 *   <li>a number a {@code double} (or {@code float}) cannot hold: {@code 1e400}, a 400-digit number, and the texts
 *       {@code "NaN"} and {@code "Infinity"}, which Jackson would read as such.</li>
 * </ul>
 * Each problem carries the full location, so the caller learns exactly which value to mend.
 */
final class StrictValues {

    private final ObjectMapper mapper;
    /** JSON property name to declared type, per record or class: found once per type. */
    private final Map<JavaType, Map<String, JavaType>> properties = new ConcurrentHashMap<>();

    StrictValues(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The problems of {@code node} as a value of {@code type} at {@code location}; empty when there are none. */
    List<ArgumentProblem> problems(JavaType type, JsonNode node, List<Object> location) {
        List<ArgumentProblem> problems = new ArrayList<>(0);
        visit(type, node, new ArrayList<>(location), problems);
        return problems;
    }

    /** Types that take null: the SDK gives them {@code Optional.empty()}, {@code NullNode} or {@code null}. */
    static boolean takesNull(JavaType type) {
        Class<?> raw = type.getRawClass();
        return raw == Optional.class || raw == Object.class || JsonNode.class.isAssignableFrom(raw);
    }

    private void visit(JavaType type, JsonNode node, List<Object> location, List<ArgumentProblem> problems) {
        Class<?> raw = type.getRawClass();
        if (raw == Optional.class) {
            if (!node.isNull()) {
                visit(type.containedTypeOrUnknown(0), node, location, problems);
            }
            return;
        }
        if (takesNull(type)) {
            return;
        }
        JsonKind kind = JsonKind.of(type);
        if (node.isNull() || textualNull(kind, node)) {
            problems.add(ArgumentProblem.nullNotAllowed(List.copyOf(location),
                    "expected " + ArgumentBinder.expectation(type, null) + ", got null"));
        } else if (holdsOnlyFiniteDoubles(raw)) {
            checkFinite(raw, node, location, problems);
        } else if ((type.isArrayType() && raw != byte[].class || type.isCollectionLikeType()) && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                location.add(i);
                visit(type.getContentType(), node.get(i), location, problems);
                location.removeLast();
            }
        } else if (type.isMapLikeType() && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                location.add(field.getKey());
                visit(type.getContentType(), field.getValue(), location, problems);
                location.removeLast();
            }
        } else if (kind == JsonKind.OBJECT && node.isObject()) {
            for (Map.Entry<String, JavaType> property : propertiesOf(type).entrySet()) {
                JsonNode value = node.get(property.getKey());
                if (value != null) {
                    location.add(property.getKey());
                    visit(property.getValue(), value, location, problems);
                    location.removeLast();
                }
            }
        }
    }

    /** Jackson reads the text {@code "null"} as null for a number or a boolean: the same refusal applies. */
    private static boolean textualNull(JsonKind kind, JsonNode node) {
        return node.isTextual() && "null".equals(node.textValue().trim())
                && (kind == JsonKind.INTEGER || kind == JsonKind.NUMBER || kind == JsonKind.BOOLEAN);
    }

    private static boolean holdsOnlyFiniteDoubles(Class<?> raw) {
        return raw == double.class || raw == Double.class || raw == float.class || raw == Float.class || raw == Number.class;
    }

    private static void checkFinite(Class<?> raw, JsonNode node, List<Object> location, List<ArgumentProblem> problems) {
        boolean single = raw == float.class || raw == Float.class;
        double value;
        if (node.isNumber()) {
            value = single ? node.floatValue() : node.doubleValue();
        } else if (node.isTextual()) {
            try {
                double parsed = Double.parseDouble(node.textValue().trim());
                value = single ? (float) parsed : parsed;
            } catch (NumberFormatException e) {
                return; // not a number at all: Jackson's conversion reports it as the wrong type
            }
        } else {
            return;
        }
        if (!Double.isFinite(value)) {
            String shown = node.isNumber() ? "a number out of that range" : node.toString();
            problems.add(ArgumentProblem.notFinite(List.copyOf(location), "expected a finite number within the range of a "
                    + (single ? "float" : "double") + ", got " + shown));
        }
    }

    private Map<String, JavaType> propertiesOf(JavaType type) {
        return properties.computeIfAbsent(type, this::introspect);
    }

    /** The properties Jackson would set, under their JSON names, with their declared (resolved) types. */
    private Map<String, JavaType> introspect(JavaType type) {
        Map<String, JavaType> found = new java.util.LinkedHashMap<>();
        try {
            BeanDescription description = mapper.getDeserializationConfig().introspect(type);
            for (BeanPropertyDefinition property : description.findProperties()) {
                if (property.couldDeserialize() && property.getPrimaryType() != null) {
                    found.put(property.getName(), property.getPrimaryType());
                }
            }
        } catch (RuntimeException e) {
            // A type Jackson cannot describe is left to its conversion, which reports what is wrong.
        }
        return java.util.Collections.unmodifiableMap(found);
    }
}
