package io.daeploy.sdk;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Names a generic result type, which a {@code Class} cannot:
 * {@code Daeploy.callService("dice", "many", args, new TypeRef<List<Integer>>() {})}.
 * The anonymous subclass keeps the type argument where reflection can read it.
 */
public abstract class TypeRef<T> {

    private final Type type;

    protected TypeRef() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)) {
            throw new IllegalStateException("TypeRef needs its type argument, e.g. new TypeRef<List<Integer>>() {}");
        }
        this.type = parameterized.getActualTypeArguments()[0];
    }

    /** The type argument, e.g. {@code java.util.List<java.lang.Integer>}. */
    public final Type type() {
        return type;
    }

    @Override
    public String toString() {
        return type.getTypeName();
    }
}
