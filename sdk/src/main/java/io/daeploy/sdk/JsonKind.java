package io.daeploy.sdk;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URL;
import java.time.ZoneId;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON type a Java type travels as. One answer serves both the OpenAPI schema and the
 * "expected integer" wording of argument problems, so the two never disagree.
 */
enum JsonKind {
    INTEGER("integer"),
    NUMBER("number"),
    BOOLEAN("boolean"),
    STRING("string"),
    ARRAY("array"),
    OBJECT("object"),
    /** {@code Object}, {@code JsonNode}: any JSON value. */
    ANY("any value");

    private final String label;

    JsonKind(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static JsonKind of(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == Optional.class) {
            return of(type.containedTypeOrUnknown(0));
        }
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
            return ANY;
        }
        if (raw == int.class || raw == long.class || raw == short.class || raw == byte.class
                || raw == Integer.class || raw == Long.class || raw == Short.class || raw == Byte.class
                || raw == BigInteger.class || raw == AtomicInteger.class || raw == AtomicLong.class) {
            return INTEGER;
        }
        if (raw == double.class || raw == float.class || raw == Double.class || raw == Float.class
                || raw == BigDecimal.class || raw == Number.class) {
            return NUMBER;
        }
        if (raw == boolean.class || raw == Boolean.class || raw == AtomicBoolean.class) {
            return BOOLEAN;
        }
        if (raw == byte[].class || isTextual(raw)) {
            return STRING; // byte[] travels as base64 text
        }
        if (type.isArrayType() || type.isCollectionLikeType()) {
            return ARRAY;
        }
        return OBJECT;
    }

    private static boolean isTextual(Class<?> raw) {
        return CharSequence.class.isAssignableFrom(raw) || raw == char.class || raw == Character.class
                || raw.isEnum() || raw == UUID.class || raw == URI.class || raw == URL.class
                || Temporal.class.isAssignableFrom(raw) || TemporalAmount.class.isAssignableFrom(raw)
                || ZoneId.class.isAssignableFrom(raw) || raw == Locale.class;
    }
}
