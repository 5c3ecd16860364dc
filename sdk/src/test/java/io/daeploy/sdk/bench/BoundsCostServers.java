package io.daeploy.sdk.bench;

import java.nio.file.Path;

import io.daeploy.sdk.DaeployService;
import io.daeploy.sdk.Entrypoint;
import io.daeploy.sdk.ServiceSettings;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * The two hello services bench/validator-cost.sh starts, each in a JVM of its own: {@code plain PORT DIR} declares no
 * bound, so Hibernate Validator is never loaded; {@code bounded PORT DIR} declares one, so it is. The gap in start time
 * and memory is what Bean Validation costs a service.
 */
public final class BoundsCostServers {

    public static class PlainHello {
        @Entrypoint
        public String hello(String name) {
            return "Hello " + name;
        }
    }

    public static class BoundedHello {
        @Entrypoint
        public String hello(@NotBlank @Size(max = 100) String name) {
            return "Hello " + name;
        }
    }

    private BoundsCostServers() {
    }

    public static void main(String[] args) throws InterruptedException {
        Object service = "bounded".equals(args[0]) ? new BoundedHello() : new PlainHello();
        ServiceSettings settings = new ServiceSettings("hello", "1.0.0", Integer.parseInt(args[1]), "127.0.0.1", Path.of(args[2]));
        DaeployService.start(service, settings);
        Thread.currentThread().join();
    }
}
