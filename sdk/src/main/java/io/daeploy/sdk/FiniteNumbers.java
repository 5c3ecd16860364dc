package io.daeploy.sdk;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * Writes {@code double} and {@code float} values only when JSON can carry them. Jackson would write NaN and the
 * infinities as the strings {@code "NaN"} and {@code "Infinity"}, a string where the document promises a number;
 * here they stop the answer with {@link NotFiniteException}, which says where the value was.
 */
final class FiniteNumbers extends SimpleModule {

    FiniteNumbers() {
        super("daeploy-finite-numbers");
        FiniteSerializer serializer = new FiniteSerializer();
        addSerializer(Double.class, serializer);
        addSerializer(double.class, serializer);
        addSerializer(Float.class, serializer);
        addSerializer(float.class, serializer);
        addSerializer(double[].class, new DoubleArraySerializer());
    }

    /** A value JSON cannot carry; Jackson adds the path to it as the exception travels up. */
    static final class NotFiniteException extends JsonMappingException {

        private static final String CLASS_NAME = "[\\w.$]+(?:\\[\\])*";

        private final transient Number value;

        NotFiniteException(JsonGenerator generator, Number value) {
            super(generator, "a number JSON cannot carry: " + value);
            this.value = value;
        }

        Number value() {
            return value;
        }

        /** Where in the answer: {@code [0].area}, or {@code the answer} itself. */
        String where() {
            String path = getPathReference();
            if (path == null || path.isEmpty()) {
                return "the answer";
            }
            // Jackson writes java.util.ArrayList[1]->com.example.Point["x"]; a caller knows it as [1].x
            return path.replaceAll(CLASS_NAME + "\\[\"([^\"]*)\"\\]", ".$1").replaceAll(CLASS_NAME + "\\[(\\d+)\\]", "[$1]")
                    .replace("->", "").replaceFirst("^\\.", "");
        }
    }

    /** {@code double[]} has a serializer of its own in Jackson, which would write NaN as a string too. */
    private static final class DoubleArraySerializer extends StdSerializer<double[]> {

        DoubleArraySerializer() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeStartArray(values, values.length);
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    NotFiniteException e = new NotFiniteException(generator, values[i]);
                    e.prependPath(values, i);
                    throw e;
                }
                generator.writeNumber(values[i]);
            }
            generator.writeEndArray();
        }
    }

    private static final class FiniteSerializer extends StdSerializer<Number> {

        FiniteSerializer() {
            super(Number.class);
        }

        @Override
        public void serialize(Number value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (value instanceof Float single) {
                if (!Float.isFinite(single)) {
                    throw new NotFiniteException(generator, value);
                }
                generator.writeNumber(single);
                return;
            }
            double number = value.doubleValue();
            if (!Double.isFinite(number)) {
                throw new NotFiniteException(generator, value);
            }
            generator.writeNumber(number);
        }
    }
}
