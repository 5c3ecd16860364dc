package io.daeploy.sdk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.TypeFactory;

import io.helidon.common.uri.UriQuery;

/**
 * Turns a request into the argument array of one entrypoint: one JSON object keyed by parameter
 * names (or, for GET and DELETE without a body, the query string), each value converted by Jackson
 * to the parameter's generic type. Every problem is collected so the caller learns them all at once.
 */
final class ArgumentBinder {

    static final String BODY = "body";
    static final String QUERY = "query";

    private static final Object[] NO_ARGUMENTS = new Object[0];
    private static final int MAX_SHOWN_VALUE = 60;
    private static final Pattern CREATOR_PROPERTY =
            Pattern.compile("^(Missing required creator property|Null value for creator property) '([^']+)'");
    private static final TypeFactory TYPES = TypeFactory.defaultInstance();

    private final ParameterDefinition[] parameters;
    private final JsonKind[] kinds;
    private final ObjectMapper mapper;
    private final ObjectReader treeReader;
    private final StrictValues strictValues;
    private final Bounds bounds;

    ArgumentBinder(List<ParameterDefinition> parameters, ObjectMapper mapper) {
        this(parameters, mapper, Bounds.NONE);
    }

    /** A binder that also checks the declared {@code bounds} of the converted arguments. */
    ArgumentBinder(List<ParameterDefinition> parameters, ObjectMapper mapper, Bounds bounds) {
        this.parameters = parameters.toArray(ParameterDefinition[]::new);
        this.kinds = parameters.stream().map(p -> JsonKind.of(p.valueType())).toArray(JsonKind[]::new);
        this.mapper = mapper;
        this.treeReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.strictValues = new StrictValues(mapper);
        this.bounds = bounds;
    }

    boolean hasParameters() {
        return parameters.length > 0;
    }

    /** Arguments from a JSON body; an empty body counts as {@code {}}. */
    Object[] fromJson(byte[] body) throws BadRequestBodyException, InvalidArgumentsException {
        if (isBlank(body)) {
            return bind(MissingNode.getInstance(), BODY);
        }
        JsonNode tree;
        try {
            tree = treeReader.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequestBodyException("Request body is not valid JSON: " + shortParserMessage(e));
        } catch (IOException e) {
            throw new BadRequestBodyException("Request body could not be read: " + e.getMessage());
        }
        if (!tree.isObject()) {
            throw new BadRequestBodyException("Request body must be a JSON object keyed by parameter names, e.g. "
                    + example() + ", not " + article(tree));
        }
        return bind(tree, BODY);
    }

    /** Arguments from the query string; a list parameter takes every value of its name. */
    Object[] fromQuery(UriQuery query) throws InvalidArgumentsException {
        ObjectNode values = mapper.createObjectNode();
        for (int i = 0; i < parameters.length; i++) {
            String name = parameters[i].name();
            if (!query.contains(name)) {
                continue;
            }
            List<String> texts = query.all(name);
            boolean jsonArray = texts.size() == 1 && texts.getFirst().trim().startsWith("[");
            if (kinds[i] == JsonKind.ARRAY && !jsonArray) { // ?codes=1&codes=2, and ?codes=7 for a list of one
                ArrayNode array = values.putArray(name);
                texts.forEach(array::add);
            } else {
                values.set(name, queryValue(texts.getFirst(), kinds[i]));
            }
        }
        return bind(values, QUERY);
    }

    static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private Object[] bind(JsonNode object, String source) throws InvalidArgumentsException {
        if (parameters.length == 0) {
            return NO_ARGUMENTS;
        }
        Object[] arguments = new Object[parameters.length];
        List<ArgumentProblem> problems = new ArrayList<>(0);
        for (int i = 0; i < parameters.length; i++) {
            arguments[i] = convert(parameters[i], kinds[i], object.get(parameters[i].name()), source, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidArgumentsException(problems);
        }
        problems.addAll(bounds.problems(arguments, source));
        if (!problems.isEmpty()) {
            throw new InvalidArgumentsException(problems);
        }
        return arguments;
    }

    /** The converted value; what is wrong with it goes to {@code problems} (no exception on the hot path). */
    private Object convert(ParameterDefinition parameter, JsonKind kind, JsonNode value, String source,
                           List<ArgumentProblem> problems) {
        List<Object> location = List.of(source, parameter.name());
        if (value == null || value.isMissingNode()) {
            if (parameter.defaultValue() != null) {
                value = parameter.defaultValue(); // read anew for each call: a mutable default is never shared
            } else if (parameter.optional()) {
                return Optional.empty();
            } else {
                problems.add(ArgumentProblem.missing(location));
                return null;
            }
        }
        if (value.isNull() && (parameter.optional() || StrictValues.takesNull(parameter.valueType()))) {
            return parameter.optional() ? Optional.empty() : null; // a @Default applies when left out, never to null
        }
        List<ArgumentProblem> refused = strictValues.problems(parameter.valueType(), value, location);
        if (!refused.isEmpty()) {
            problems.addAll(refused);
            return null;
        }
        Object converted = read(parameter, kind, value, source);
        if (converted instanceof ArgumentProblem problem) {
            problems.add(problem);
            return null;
        }
        if (converted == null && kind != JsonKind.ANY) { // e.g. a coercion of some text to null
            problems.add(ArgumentProblem.nullNotAllowed(location,
                    "expected " + expectation(parameter.valueType(), kind) + ", got " + show(value)));
            return null;
        }
        return parameter.optional() ? Optional.ofNullable(converted) : converted;
    }

    /** Jackson's conversion, or an {@link ArgumentProblem} saying why it failed. */
    private Object read(ParameterDefinition parameter, JsonKind kind, JsonNode value, String source) {
        try {
            return parameter.reader().readValue(value);
        } catch (ValueInstantiationException e) {
            // The type's own constructor refused the value, e.g. a record's compact-constructor check.
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return ArgumentProblem.valueError(location(source, parameter, e), String.valueOf(cause.getMessage()));
        } catch (MismatchedInputException e) {
            ArgumentProblem creatorProblem = creatorPropertyProblem(source, parameter, e);
            if (creatorProblem != null) {
                return creatorProblem;
            }
            JsonNode offending = nodeAt(value, e);
            String expected = e.getPath().isEmpty() || e.getTargetType() == null
                    ? expectation(parameter.valueType(), kind)
                    : expectation(mapper.constructType(e.getTargetType()), null);
            return ArgumentProblem.typeError(location(source, parameter, e), "expected " + expected + ", got " + show(offending));
        } catch (InputCoercionException e) {
            return ArgumentProblem.typeError(List.of(source, parameter.name()), e.getOriginalMessage());
        } catch (JsonMappingException e) {
            return ArgumentProblem.typeError(location(source, parameter, e), firstLine(e.getOriginalMessage()));
        } catch (IOException | RuntimeException e) {
            return ArgumentProblem.valueError(List.of(source, parameter.name()), firstLine(String.valueOf(e.getMessage())));
        }
    }

    /**
     * A record component that is missing or null: Jackson names it only in its message, and its path stops at
     * the record, so the component's name is added to the location here.
     */
    private static ArgumentProblem creatorPropertyProblem(String source, ParameterDefinition parameter,
                                                          MismatchedInputException e) {
        Matcher matcher = CREATOR_PROPERTY.matcher(String.valueOf(e.getOriginalMessage()));
        if (!matcher.find()) {
            return null;
        }
        List<Object> location = new ArrayList<>(location(source, parameter, e));
        if (!matcher.group(2).equals(location.getLast())) { // Jackson's path may or may not end with the component
            location.add(matcher.group(2));
        }
        if (matcher.group(1).startsWith("Missing")) {
            return ArgumentProblem.missing(List.copyOf(location));
        }
        String expected = e.getTargetType() == null ? "a value" : expectation(TYPES.constructType(e.getTargetType()), null);
        return ArgumentProblem.typeError(List.copyOf(location), "expected " + expected + ", got null");
    }

    private static List<Object> location(String source, ParameterDefinition parameter, JsonMappingException e) {
        List<Object> location = new ArrayList<>(2 + e.getPath().size());
        location.add(source);
        location.add(parameter.name());
        for (JsonMappingException.Reference reference : e.getPath()) {
            location.add(reference.getFieldName() != null ? reference.getFieldName() : (Object) reference.getIndex());
        }
        return List.copyOf(location);
    }

    /** The part of the argument Jackson choked on, following the exception's path into it. */
    private static JsonNode nodeAt(JsonNode value, JsonMappingException e) {
        JsonNode node = value;
        for (JsonMappingException.Reference reference : e.getPath()) {
            JsonNode next = reference.getFieldName() != null ? node.get(reference.getFieldName()) : node.get(reference.getIndex());
            if (next == null) {
                break;
            }
            node = next;
        }
        return node;
    }

    static String expectation(JavaType type, JsonKind knownKind) {
        Class<?> raw = type.getRawClass();
        if (raw.isEnum()) {
            return "one of " + Arrays.stream(raw.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "));
        }
        return (knownKind != null ? knownKind : JsonKind.of(type)).label();
    }

    private static String show(JsonNode node) {
        String text = node.toString();
        return text.length() <= MAX_SHOWN_VALUE ? text : text.substring(0, MAX_SHOWN_VALUE) + "...";
    }

    /** A query value is text; JSON-looking text for an object or list parameter is read as JSON. */
    private JsonNode queryValue(String text, JsonKind kind) {
        String trimmed = text.trim();
        boolean looksLikeJson = (kind == JsonKind.ARRAY && trimmed.startsWith("["))
                || ((kind == JsonKind.OBJECT || kind == JsonKind.ANY) && trimmed.startsWith("{"));
        if (looksLikeJson) {
            try {
                return treeReader.readTree(trimmed);
            } catch (IOException e) {
                // fall through: the conversion reports the text as the wrong type
            }
        }
        return mapper.getNodeFactory().textNode(text);
    }

    private String example() {
        return Arrays.stream(parameters).map(p -> "\"" + p.name() + "\": ...")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String article(JsonNode tree) {
        return switch (tree.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String shortParserMessage(JsonProcessingException e) {
        String message = firstLine(e.getOriginalMessage());
        JsonLocation where = e.getLocation();
        if (where != null && where.getLineNr() > 0) {
            message += " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
        }
        return message;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
