package io.daeploy.manager.api.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;

import java.lang.reflect.Type;
import java.util.Set;

/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses) of the Java types the API reads and answers, made by the victools
 * generator as the SDK makes its services' schemas. Records become named schemas under {@code #/components/schemas/};
 * an answer's record lists every component as required (Jackson writes them all) and no other property, so a field
 * added to a record without its schema is caught by the tests that check answers against the document.
 */
final class AnswerSchemas {

    private final SchemaBuilder builder;

    /** @param requestTypes types the API reads: their components are optional unless the API says otherwise */
    AnswerSchemas(ObjectMapper mapper, Set<Class<?>> requestTypes) {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(mapper, SchemaVersion.DRAFT_2020_12,
                OptionPreset.PLAIN_JSON)
                .with(new JacksonModule())
                .with(Option.EXTRA_OPEN_API_FORMAT_VALUES, Option.DEFINITIONS_FOR_ALL_OBJECTS, Option.FLATTENED_ENUMS,
                        Option.NULLABLE_FIELDS_BY_DEFAULT, Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        // a primitive is never null; a reference may be (a version's reason, a notification's version)
        config.forFields().withNullableCheck(field -> !field.getType().getErasedType().isPrimitive());
        config.forFields().withRequiredCheck(field -> !requestTypes.contains(field.getDeclaringType().getErasedType()));
        this.builder = new SchemaGenerator(config.build()).buildMultipleSchemaDefinitions();
    }

    /** A {@code $ref} for a record, inline for a simple type. */
    ObjectNode schemaFor(Type type) {
        return builder.createSchemaReference(type);
    }

    /** The named schemas; take them once every type was asked for. */
    ObjectNode components() {
        return builder.collectDefinitions("components/schemas");
    }
}
