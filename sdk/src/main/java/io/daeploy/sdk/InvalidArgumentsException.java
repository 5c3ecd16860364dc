package io.daeploy.sdk;

import java.util.List;

/** All problems found in one call's arguments; becomes a 422 answer. */
final class InvalidArgumentsException extends Exception {

    private final transient List<ArgumentProblem> problems;

    InvalidArgumentsException(List<ArgumentProblem> problems) {
        super(problems.size() + " invalid argument(s)", null, false, false); // no stack trace: a normal outcome
        this.problems = List.copyOf(problems);
    }

    List<ArgumentProblem> problems() {
        return problems;
    }
}
