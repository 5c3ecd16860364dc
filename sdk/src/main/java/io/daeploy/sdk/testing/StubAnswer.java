package io.daeploy.sdk.testing;

/**
 * What a stubbed entrypoint answers: {@code args -> 6}. The returned value is sent as JSON (null as JSON null);
 * throw an {@link io.daeploy.sdk.HttpException} to answer its status and detail instead, as the real service would.
 */
@FunctionalInterface
public interface StubAnswer {

    Object answer(StubCall args) throws Exception;
}
