package io.daeploy.sdk;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * One entrypoint parameter.
 *
 * @param name         JSON field (and query parameter) name: the Java parameter name
 * @param valueType    the type a JSON value converts to; for {@code Optional<T>} this is {@code T}
 * @param optional     {@code Optional<T>} parameters may be missing or null
 * @param reader       a prepared Jackson reader for {@code valueType}
 * @param defaultValue what a missing argument is read from ({@link Default}), or null when there is none
 */
record ParameterDefinition(String name, JavaType valueType, boolean optional, ObjectReader reader,
                           JsonNode defaultValue) {

    boolean required() {
        return !optional && defaultValue == null;
    }
}
