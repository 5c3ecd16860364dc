package io.daeploy.sdk;

import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAPI 3.0 schemas for Java types. Records and other classes become named component schemas
 * referenced by {@code $ref}, which also ends recursion: a type refers to itself by name.
 * Properties are the ones Jackson writes, so the document describes what really travels.
 */
final class JsonSchemaGenerator {

    static final String COMPONENTS_PATH = "#/components/schemas/";

    private final ObjectMapper mapper;
    private final ObjectNode components;
    private final Map<JavaType, String> names = new LinkedHashMap<>();
    private final Set<String> usedNames = new HashSet<>();

    /**
     * @param components    the {@code components.schemas} object to fill
     * @param reservedNames component names already taken by the document itself
     */
    JsonSchemaGenerator(ObjectMapper mapper, ObjectNode components, Set<String> reservedNames) {
        this.mapper = mapper;
        this.components = components;
        this.usedNames.addAll(reservedNames);
    }

    ObjectNode schemaFor(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Optional.class) {
            return schemaFor(type.containedTypeOrUnknown(0));
        }
        ObjectNode schema = mapper.createObjectNode();
        switch (JsonKind.of(type)) {
            case INTEGER -> {
                schema.put("type", "integer");
                if (raw == long.class || raw == Long.class) {
                    schema.put("format", "int64");
                } else if (raw != java.math.BigInteger.class && raw != java.util.concurrent.atomic.AtomicLong.class) {
                    schema.put("format", "int32");
                }
            }
            case NUMBER -> {
                schema.put("type", "number");
                if (raw == float.class || raw == Float.class) {
                    schema.put("format", "float");
                } else if (raw == double.class || raw == Double.class) {
                    schema.put("format", "double");
                }
            }
            case BOOLEAN -> schema.put("type", "boolean");
            case STRING -> stringSchema(raw, schema);
            case ARRAY -> {
                schema.put("type", "array");
                schema.set("items", schemaFor(type.getContentType()));
                if (Set.class.isAssignableFrom(raw)) {
                    schema.put("uniqueItems", true);
                }
            }
            case ANY -> {
                // the empty schema: any JSON value
            }
            case OBJECT -> {
                if (type.isMapLikeType()) {
                    schema.put("type", "object");
                    schema.set("additionalProperties", schemaFor(type.getContentType()));
                } else {
                    schema.put("$ref", COMPONENTS_PATH + componentName(type));
                }
            }
        }
        return schema;
    }

    private static void stringSchema(Class<?> raw, ObjectNode schema) {
        schema.put("type", "string");
        if (raw.isEnum()) {
            ArrayNode values = schema.putArray("enum");
            for (Object constant : raw.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
        } else if (raw == byte[].class) {
            schema.put("format", "byte");
        } else if (raw == LocalDate.class) {
            schema.put("format", "date");
        } else if (raw == Instant.class || raw == OffsetDateTime.class || raw == ZonedDateTime.class
                || raw == LocalDateTime.class) {
            schema.put("format", "date-time");
        } else if (raw == LocalTime.class) {
            schema.put("format", "time");
        } else if (raw == Duration.class) {
            schema.put("format", "duration");
        } else if (raw == UUID.class) {
            schema.put("format", "uuid");
        } else if (raw == URI.class || raw == URL.class) {
            schema.put("format", "uri");
        } else if (raw == char.class || raw == Character.class) {
            schema.put("minLength", 1).put("maxLength", 1);
        }
    }

    /** Name of the component schema for a class, defining it on first use. */
    private String componentName(JavaType type) {
        String existing = names.get(type);
        if (existing != null) {
            return existing;
        }
        String name = uniqueName(type);
        names.put(type, name); // before the properties, so a self-reference finds it
        ObjectNode schema = components.putObject(name);
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        BeanDescription description = mapper.getSerializationConfig().introspect(type);
        for (BeanPropertyDefinition property : description.findProperties()) {
            if (property.couldSerialize()) {
                properties.set(property.getName(), schemaFor(property.getPrimaryType()));
            }
        }
        return name;
    }

    private String uniqueName(JavaType type) {
        StringBuilder base = new StringBuilder(simpleName(type.getRawClass()));
        for (int i = 0; i < type.containedTypeCount(); i++) {
            base.append(i == 0 ? "Of" : "And").append(simpleName(type.containedType(i).getRawClass()));
        }
        String name = base.toString();
        for (int n = 2; !usedNames.add(name); n++) {
            name = base.toString() + n;
        }
        return name;
    }

    private static String simpleName(Class<?> raw) {
        String simple = raw.getSimpleName().replace("[]", "Array");
        return simple.isEmpty() ? "Object" : simple;
    }
}
