package io.daeploy.sdk;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.generator.naming.SchemaDefinitionNamingStrategy;
import com.github.victools.jsonschema.generator.impl.DefinitionKey;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;

/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses) for the Java types of a service, made by the victools generator.
 * Records, classes and enums become named schemas under {@code #/components/schemas/}; properties follow
 * Jackson's names and annotations, so the document describes what really travels. Ask for every type with
 * {@link #schemaFor(Type)} first, then take {@link #components()} once: it also completes the schemas handed out.
 */
final class TypeSchemas {

    static final String COMPONENTS = "components/schemas";

    private final SchemaBuilder builder;

    /**
     * @param reservedNames component names the document uses itself; a service type of that name gets a suffix
     */
    TypeSchemas(ObjectMapper mapper, Set<String> reservedNames) {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(mapper, SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                // Bean Validation bounds as schema keywords: minimum, maxLength, pattern, minItems ...
                .with(new JakartaValidationModule(JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS))
                .with(Option.EXTRA_OPEN_API_FORMAT_VALUES, Option.DEFINITIONS_FOR_ALL_OBJECTS, Option.FLATTENED_ENUMS,
                        Option.FLATTENED_OPTIONALS, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        config.forTypesInGeneral()
                .withCustomDefinitionProvider(TypeSchemas::travelsAsSomethingElse)
                .withDefinitionNamingStrategy(new ReadableNames(reservedNames));
        // As the SDK reads them: a record component is required unless it is an Optional.
        config.forFields().withRequiredCheck(TypeSchemas::requiredRecordComponent);
        this.builder = new SchemaGenerator(config.build()).buildMultipleSchemaDefinitions();
    }

    /** The schema of {@code type}: inline for simple types, a {@code $ref} for records, classes and enums. */
    ObjectNode schemaFor(Type type) {
        return builder.createSchemaReference(type);
    }

    /** The named schemas, keyed by name, for {@code components.schemas}. */
    ObjectNode components() {
        return builder.collectDefinitions(COMPONENTS);
    }

    /**
     * Types whose JSON is not their fields: any JSON value ({@code Object}, {@code JsonNode}), base64 text
     * ({@code byte[]}), and maps, which stay inline rather than becoming a named schema per value type.
     */
    private static CustomDefinition travelsAsSomethingElse(ResolvedType type, SchemaGenerationContext context) {
        Class<?> raw = type.getErasedType();
        ObjectNode schema = context.getGeneratorConfig().createObjectNode();
        if (raw == Object.class || JsonNode.class.isAssignableFrom(raw)) {
            return new CustomDefinition(schema, CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO);
        }
        if (raw == byte[].class) {
            schema.put("type", "string").put("format", "byte");
            return new CustomDefinition(schema, CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO);
        }
        if (Map.class.isAssignableFrom(raw)) {
            ResolvedType values = type.typeParametersFor(Map.class).size() == 2
                    ? type.typeParametersFor(Map.class).get(1) : context.getTypeContext().resolve(Object.class);
            schema.put("type", "object");
            schema.set("additionalProperties", context.createDefinitionReference(values));
            return new CustomDefinition(schema, CustomDefinition.DefinitionType.INLINE, CustomDefinition.AttributeInclusion.NO);
        }
        return null;
    }

    private static boolean requiredRecordComponent(FieldScope field) {
        return field.getDeclaringType().getErasedType().isRecord() && field.getType().getErasedType() != Optional.class;
    }

    /** {@code Order}, {@code PairOfIntegerAndString}: names OpenAPI accepts, where victools writes {@code Pair(Integer,String)}. */
    private record ReadableNames(Set<String> reserved) implements SchemaDefinitionNamingStrategy {

        @Override
        public String getDefinitionNameForKey(DefinitionKey key, SchemaGenerationContext context) {
            String name = name(key.getType());
            return reserved.contains(name) ? name + "Type" : name;
        }

        private static String name(ResolvedType type) {
            String simple = type.getErasedType().getSimpleName().replace("[]", "Array");
            if (type.getTypeParameters().isEmpty()) {
                return simple.isEmpty() ? "Object" : simple;
            }
            return simple + "Of" + type.getTypeParameters().stream().map(ReadableNames::name).collect(Collectors.joining("And"));
        }
    }
}
