package io.daeploy.sdk;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Negative;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The bounds written on an entrypoint's own parameters ({@code @Min(1) int dice}, {@code List<@NotBlank String>}) as
 * schema keywords. The victools module does this for record components and fields; a method parameter is neither, so
 * the same keywords are written here for the parameter's schema and, for a list, its items.
 */
final class ParameterBounds {

    private ParameterBounds() {
    }

    /** {@code schema} with the keywords of the parameter's bounds added; the same node, for chaining. */
    static ObjectNode addTo(ObjectNode schema, Parameter parameter) {
        AnnotatedType type = parameter.getAnnotatedType();
        boolean optional = rawType(type) == Optional.class;
        for (Annotation annotation : parameter.getAnnotations()) {
            add(schema, annotation);
        }
        if (type instanceof AnnotatedParameterizedType parameterized
                && parameterized.getAnnotatedActualTypeArguments().length == 1) {
            AnnotatedType argument = parameterized.getAnnotatedActualTypeArguments()[0];
            Class<?> raw = rawType(type);
            if (optional) {
                for (Annotation annotation : argument.getAnnotations()) {
                    add(schema, annotation);
                }
            } else if (raw != null && Collection.class.isAssignableFrom(raw) && schema.get("items") instanceof ObjectNode items) {
                for (Annotation annotation : argument.getAnnotations()) {
                    add(items, annotation);
                }
            }
        }
        return schema;
    }

    private static Class<?> rawType(AnnotatedType type) {
        if (type.getType() instanceof Class<?> raw) {
            return raw;
        }
        return type.getType() instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw
                ? raw : null;
    }

    private static void add(ObjectNode schema, Annotation annotation) {
        boolean array = "array".equals(schema.path("type").asText());
        boolean object = "object".equals(schema.path("type").asText());
        switch (annotation) {
            case Min min -> schema.put("minimum", min.value());
            case Max max -> schema.put("maximum", max.value());
            case DecimalMin min -> schema.put(min.inclusive() ? "minimum" : "exclusiveMinimum", new BigDecimal(min.value()));
            case DecimalMax max -> schema.put(max.inclusive() ? "maximum" : "exclusiveMaximum", new BigDecimal(max.value()));
            case Positive ignored -> schema.put("exclusiveMinimum", 0);
            case PositiveOrZero ignored -> schema.put("minimum", 0);
            case Negative ignored -> schema.put("exclusiveMaximum", 0);
            case NegativeOrZero ignored -> schema.put("maximum", 0);
            case Size size -> {
                String prefix = array ? "Items" : object ? "Properties" : "Length";
                if (size.min() > 0) {
                    schema.put("min" + prefix, size.min());
                }
                if (size.max() < Integer.MAX_VALUE) {
                    schema.put("max" + prefix, size.max());
                }
            }
            case NotEmpty ignored -> schema.put(array ? "minItems" : object ? "minProperties" : "minLength", 1);
            case NotBlank ignored -> schema.put("minLength", 1);
            case Pattern pattern -> schema.put("pattern", pattern.regexp());
            case Email ignored -> schema.put("format", "email");
            default -> {
                // another constraint: checked, but JSON Schema has no keyword for it
            }
        }
    }
}
