package io.daeploy.sdk;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.executable.ExecutableValidator;
import jakarta.validation.metadata.ConstraintDescriptor;

import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * An entrypoint's bounds checked by Hibernate Validator, the way Java users know them: constraints on parameters
 * ({@code @Min(1) int dice}), on list items ({@code List<@NotBlank String>}), and inside records and classes where
 * {@code @Valid} says so ({@code List<@Valid Point> corners}). Each violation becomes a {@code bound_error} whose
 * message names the bound: {@code must be less than or equal to 1000000 (@Max(1000000)), got 1e7}.
 */
final class BeanValidationBounds implements Bounds {

    private static final int MAX_SHOWN_VALUE = 60;
    private static final Set<String> NOT_A_BOUND = Set.of("message", "groups", "payload");

    private final ExecutableValidator validator;
    private final Object service;
    private final Method method;
    private final List<String> names;

    private BeanValidationBounds(ExecutableValidator validator, Object service, Method method, List<String> names) {
        this.validator = validator;
        this.service = service;
        this.method = method;
        this.names = names;
    }

    static Bounds of(Object service, Method method, List<ParameterDefinition> parameters) {
        return new BeanValidationBounds(Shared.VALIDATOR, service, method,
                parameters.stream().map(ParameterDefinition::name).toList());
    }

    @Override
    public List<ArgumentProblem> problems(Object[] arguments, String source) {
        Set<ConstraintViolation<Object>> violations = validator.validateParameters(service, method, arguments);
        if (violations.isEmpty()) {
            return List.of();
        }
        List<ArgumentProblem> problems = new ArrayList<>(violations.size());
        for (ConstraintViolation<Object> violation : violations) {
            problems.add(ArgumentProblem.boundError(location(source, violation.getPropertyPath()),
                    violation.getMessage() + " (" + bound(violation.getConstraintDescriptor()) + ")"
                            + shown(violation.getInvalidValue())));
        }
        problems.sort(Comparator.comparing((ArgumentProblem p) -> p.loc().toString()).thenComparing(ArgumentProblem::msg));
        return problems;
    }

    /** {@code measure.polygons[0].corners[1].x} becomes {@code [source, "polygons", 0, "corners", 1, "x"]}. */
    private List<Object> location(String source, Path path) {
        List<Object> location = new ArrayList<>();
        location.add(source);
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PARAMETER) {
                location.add(names.get(node.as(Path.ParameterNode.class).getParameterIndex()));
                continue;
            }
            if (node.isInIterable()) { // the node's index or key is its place in the container before it
                if (node.getIndex() != null) {
                    location.add(node.getIndex());
                } else if (node.getKey() != null) {
                    location.add(String.valueOf(node.getKey()));
                }
            }
            if (node.getKind() == ElementKind.PROPERTY && node.getName() != null) {
                location.add(node.getName());
            }
        }
        return List.copyOf(location);
    }

    /** The bound as written, without its defaults: {@code @Size(max=20)}, {@code @Min(1)}, {@code @Pattern(regexp="[a-z]+")}. */
    static String bound(ConstraintDescriptor<?> descriptor) {
        Annotation annotation = descriptor.getAnnotation();
        Class<? extends Annotation> type = annotation.annotationType();
        Map<String, Object> written = new TreeMap<>();
        descriptor.getAttributes().forEach((name, value) -> {
            if (!NOT_A_BOUND.contains(name) && !isDefault(type, name, value)) {
                written.put(name, value);
            }
        });
        StringBuilder text = new StringBuilder("@").append(type.getSimpleName());
        if (written.isEmpty()) {
            return text.toString();
        }
        text.append('(');
        if (written.size() == 1 && written.containsKey("value")) {
            text.append(literal(written.get("value")));
        } else {
            List<String> parts = new ArrayList<>();
            written.forEach((name, value) -> parts.add(name + "=" + literal(value)));
            text.append(String.join(", ", parts));
        }
        return text.append(')').toString();
    }

    private static boolean isDefault(Class<? extends Annotation> type, String name, Object value) {
        try {
            return Objects.deepEquals(type.getMethod(name).getDefaultValue(), value);
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static String literal(Object value) {
        if (value instanceof String text) {
            return "\"" + text + "\"";
        }
        if (value instanceof Object[] array) {
            return java.util.Arrays.toString(array);
        }
        return String.valueOf(value);
    }

    private static String shown(Object value) {
        if (value instanceof Number || value instanceof Boolean) {
            return ", got " + value;
        }
        if (value instanceof CharSequence text) {
            String shown = text.length() <= MAX_SHOWN_VALUE ? text.toString() : text.subSequence(0, MAX_SHOWN_VALUE) + "...";
            return ", got \"" + shown + "\"";
        }
        if (value instanceof Collection<?> items) {
            return ", got " + items.size() + " item" + (items.size() == 1 ? "" : "s");
        }
        if (value instanceof Map<?, ?> entries) {
            return ", got " + entries.size() + " entr" + (entries.size() == 1 ? "y" : "ies");
        }
        return "";
    }

    /** One validator for the JVM, made on first use: only services that declare a bound pay for it. */
    private static final class Shared {
        static final ExecutableValidator VALIDATOR = Validation.byProvider(HibernateValidator.class)
                .configure()
                .messageInterpolator(new ParameterMessageInterpolator()) // no Expression Language needed
                .buildValidatorFactory()
                .getValidator()
                .forExecutables();
    }
}
