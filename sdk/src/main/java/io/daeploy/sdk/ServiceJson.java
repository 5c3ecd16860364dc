package io.daeploy.sdk;

import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

import io.daeploy.common.Json;

/**
 * The JSON rules of a service's own HTTP surface: the wire's camelCase and ISO-8601 times, plus what
 * makes a caller's mistake a 422 instead of a silently wrong value:
 * <ul>
 *   <li>a record component (any creator parameter) is required unless it is an {@code Optional};</li>
 *   <li>an explicit null for a record component or a primitive is refused;</li>
 *   <li>a number or boolean is not quietly turned into a string, nor a number into a boolean, nor empty text into null.</li>
 * </ul>
 * Text is still read as a number ({@code "3"} for an int), because query strings carry only text.
 */
final class ServiceJson {

    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectMapper ANSWERS = MAPPER.copy().registerModule(new FiniteNumbers());

    private ServiceJson() {
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The mapper for answers to callers: as {@link #mapper()}, and a number JSON cannot carry fails the answer. */
    static ObjectMapper answers() {
        return ANSWERS;
    }

    private static ObjectMapper newMapper() {
        ObjectMapper mapper = Json.newMapper()
                .registerModule(new Jdk8Module())
                .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.setAnnotationIntrospector(new CreatorParametersRequired());
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        // "" (or blank text such as "\u0000") is no number, boolean or enum; Jackson would make it null.
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Enum}) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        return mapper;
    }

    /** Records have no other way to say "required"; an {@code Optional} component is how one says "may be left out". */
    private static final class CreatorParametersRequired extends JacksonAnnotationIntrospector {

        @Override
        public Boolean hasRequiredMarker(AnnotatedMember member) {
            Boolean declared = super.hasRequiredMarker(member);
            if (Boolean.TRUE.equals(declared) || !(member instanceof AnnotatedParameter parameter)) {
                return declared;
            }
            return parameter.getRawType() != Optional.class;
        }
    }
}
