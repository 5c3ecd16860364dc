package io.daeploy.sdk;

import java.util.List;

/**
 * One thing wrong with a call's arguments, shaped as FastAPI shapes it so existing clients understand:
 * {@code {"loc": ["body", "count"], "msg": "expected integer, got \"abc\"", "type": "type_error"}}.
 *
 * @param loc  where: {@code body} or {@code query}, the parameter name, then any field names or indexes inside it
 * @param msg  what is wrong, for a human
 * @param type {@code missing}, {@code type_error}, {@code value_error} (a record's constructor refused the value),
 *             {@code null_not_allowed} (null where the declared type takes none), {@code number_not_finite} (a number
 *             a {@code double} cannot hold, or NaN) or {@code bound_error} (outside a declared bound such as {@code @Min})
 */
record ArgumentProblem(List<Object> loc, String msg, String type) {

    static ArgumentProblem missing(List<Object> loc) {
        return new ArgumentProblem(loc, "field required", "missing");
    }

    static ArgumentProblem typeError(List<Object> loc, String msg) {
        return new ArgumentProblem(loc, msg, "type_error");
    }

    static ArgumentProblem valueError(List<Object> loc, String msg) {
        return new ArgumentProblem(loc, msg, "value_error");
    }

    static ArgumentProblem nullNotAllowed(List<Object> loc, String msg) {
        return new ArgumentProblem(loc, msg, "null_not_allowed");
    }

    static ArgumentProblem notFinite(List<Object> loc, String msg) {
        return new ArgumentProblem(loc, msg, "number_not_finite");
    }

    static ArgumentProblem boundError(List<Object> loc, String msg) {
        return new ArgumentProblem(loc, msg, "bound_error");
    }
}
