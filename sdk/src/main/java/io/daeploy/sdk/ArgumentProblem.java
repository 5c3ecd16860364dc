package io.daeploy.sdk;

import java.util.List;

/**
 * One thing wrong with a call's arguments, shaped as FastAPI shapes it so existing clients understand:
 * {@code {"loc": ["body", "count"], "msg": "expected integer, got \"abc\"", "type": "type_error"}}.
 *
 * @param loc  where: {@code body} or {@code query}, the parameter name, then any field names or indexes inside it
 * @param msg  what is wrong, for a human
 * @param type {@code missing}, {@code type_error} or {@code value_error}
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
}
