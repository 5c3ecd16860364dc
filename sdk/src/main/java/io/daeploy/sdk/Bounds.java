package io.daeploy.sdk;

import java.util.List;

/** The declared bounds of one entrypoint's arguments ({@code @Min}, {@code @Size}, {@code @Pattern} ...), checked after conversion. */
interface Bounds {

    /** An entrypoint that declares none: nothing to check, and Hibernate Validator is never loaded. */
    Bounds NONE = (arguments, source) -> List.of();

    /** What is outside its bounds, each located from {@code source} ({@code body} or {@code query}); empty when all hold. */
    List<ArgumentProblem> problems(Object[] arguments, String source);
}
